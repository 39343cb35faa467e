#!/usr/bin/env Rscript
# Golden values for conditional uniform graph tests, computed by R's sna package (Debian:
# r-cran-sna): sna::cug.test of every graph statistic stakegraph's cugTest takes, under every
# condition, on both views of the stakeholder oracle graph (make_golden.py's binary views in
# testdata/oracle/brokerage), 2,000 replications each.
#
#   Rscript testdata/oracle/make_cug_golden.R      (or: make golden)
#
# Writes testdata/oracle/cug/stakeholders.<VIEW>.tsv: statistic, condition, the observed
# value, the replications' mean and sd, and the shares of replications ≥ and ≤ the observed
# one. stakegraph's replications are compared with these within Monte-Carlo error.
suppressMessages(library(sna))
set.seed(20261204)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
reps <- 2000
out <- file.path(here, "cug")
dir.create(out, showWarnings = FALSE)
read_view <- function(path) {
  n <- as.integer(readLines(path, n = 1))
  e <- read.table(path, skip = 1, col.names = c("i", "j"))
  m <- matrix(0, n, n)
  if (nrow(e) > 0) m[cbind(e$i, e$j)] <- 1
  m
}
# The statistics as stakegraph defines them (networkStats): transitivity and degree
# assortativity on the undirected view; the mean path length over the largest component,
# strongly connected when directed.
transitivity <- function(d) gtrans(symmetrize(as.sociomatrix.sna(d)), mode = "graph")
reciprocity <- function(d) unname(grecip(d, measure = "edgewise"))
assortativity <- function(d) {
  m <- symmetrize(as.sociomatrix.sna(d))
  deg <- rowSums(m)
  e <- which(m == 1, arr.ind = TRUE)
  if (nrow(e) == 0 || sd(deg[e[, 1]]) == 0) return(NA)
  cor(deg[e[, 1]], deg[e[, 2]])
}
path_length <- function(directed) function(d) {
  m <- as.sociomatrix.sna(d)
  memb <- component.dist(m, connected = if (directed) "strong" else "weak")$membership
  sizes <- tabulate(memb)
  best <- which(sizes == max(sizes))
  first <- sapply(best, function(c) min(which(memb == c)))
  keep <- memb == best[which.min(first)]
  if (sum(keep) < 2) return(NA)
  g <- geodist(m[keep, keep, drop = FALSE])$gdist
  mean(g[row(g) != col(g)])
}
for (view in c("UNDIRECTED", "DIRECTED")) {
  m <- read_view(file.path(here, "brokerage", paste0("stakeholders.", view, ".arcs.tsv")))
  mode <- if (view == "DIRECTED") "digraph" else "graph"
  stats <- list(DENSITY = gden, TRANSITIVITY = transitivity, AVERAGE_PATH_LENGTH = path_length(view == "DIRECTED"),
                CENTRALIZATION_DEGREE = function(d, mode) centralization(d, degree, mode = mode),
                CENTRALIZATION_BETWEENNESS = function(d, mode) centralization(d, betweenness, mode = mode),
                ASSORTATIVITY = assortativity)
  if (view == "DIRECTED") stats$RECIPROCITY <- reciprocity
  rows <- list()
  for (name in names(stats)) for (cond in c("size", "edges", "dyad.census")) {
    r <- cug.test(m, stats[[name]], mode = mode, cmode = cond, reps = reps)
    rs <- r$rep.stat[!is.na(r$rep.stat)]
    rows[[length(rows) + 1]] <- data.frame(statistic = name, condition = toupper(sub("\\.", "_", cond)),
      observed = r$obs.stat, expected = mean(rs), sd = sd(rs),
      p_ge = sum(rs >= r$obs.stat) / reps, p_le = sum(rs <= r$obs.stat) / reps, reps = reps)
  }
  write.table(format(do.call(rbind, rows), digits = 17), file.path(out, paste0("stakeholders.", view, ".tsv")),
              sep = "\t", quote = FALSE, row.names = FALSE)
}
