#!/usr/bin/env Rscript
# Golden values for Freeman centralization, transitivity and reciprocity, computed by R's sna
# package (Debian: r-cran-sna).
#
#   Rscript testdata/oracle/make_structure_golden.R      (or: make golden)
#
# Reads the binary views make_golden.py writes for make_brokerage_golden.R
# (testdata/oracle/brokerage/<graph>.<VIEW>.arcs.tsv: vertex count, then 1-based arcs; an
# undirected view lists each edge both ways) and writes testdata/oracle/structure/<graph>.<VIEW>.tsv
# with one row per measure: sna::centralization(…, normalize = TRUE) of degree (freeman,
# indegree, outdegree), betweenness, closeness and evcent (on the undirected view, as
# stakegraph's EIGENVECTOR is), gtrans and grecip(measure = "edgewise").
suppressMessages(library(sna))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
dir <- file.path(here, "brokerage")
out <- file.path(here, "structure")
dir.create(out, showWarnings = FALSE)
read_view <- function(path) {
  n <- as.integer(readLines(path, n = 1))
  e <- read.table(path, skip = 1, col.names = c("i", "j"))
  m <- matrix(0, n, n)
  if (nrow(e) > 0) m[cbind(e$i, e$j)] <- 1
  m
}
for (arcs in list.files(dir, pattern = "\\.arcs\\.tsv$", full.names = TRUE)) {
  base <- sub("\\.arcs\\.tsv$", "", basename(arcs))
  graph <- sub("\\.[A-Z]+$", "", base)
  view <- sub("^.*\\.", "", base)
  m <- read_view(arcs)
  u <- read_view(file.path(dir, paste0(graph, ".UNDIRECTED.arcs.tsv")))
  mode <- if (view == "DIRECTED") "digraph" else "graph"
  # evcent by eigen() (its power iteration does not settle on bipartite graphs); the vector's
  # sign is arbitrary in R, stakegraph's (NetworkX's) is positive. On a disconnected graph the
  # leading eigenvector is not unique, so none is compared (NA).
  ev <- function(dat, ...) abs(evcent(dat, use.eigen = TRUE, ...))
  connected <- components(u, connected = "weak") == 1
  rows <- c(
    DEGREE = centralization(m, degree, mode = mode, cmode = "freeman"),
    IN_DEGREE = centralization(m, degree, mode = mode, cmode = "indegree"),
    OUT_DEGREE = centralization(m, degree, mode = mode, cmode = "outdegree"),
    BETWEENNESS = centralization(m, betweenness, mode = mode),
    CLOSENESS = centralization(m, closeness, mode = mode),
    EIGENVECTOR = if (connected) centralization(u, ev, mode = "graph") else NA,
    transitivity = gtrans(u, mode = "graph"),
    reciprocity = if (view == "DIRECTED") unname(grecip(m, measure = "edgewise")) else NA
  )
  write.table(data.frame(measure = names(rows), value = format(rows, digits = 17)),
              file.path(out, paste0(base, ".tsv")), sep = "\t", quote = FALSE, row.names = FALSE)
}
