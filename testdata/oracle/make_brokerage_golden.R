#!/usr/bin/env Rscript
# Golden values for Gould-Fernandez brokerage, computed by R's sna package (Debian: r-cran-sna).
#
#   Rscript testdata/oracle/make_brokerage_golden.R      (or: make golden)
#
# Reads testdata/oracle/brokerage/<graph>.<VIEW>.arcs.tsv (vertex count, then 1-based arcs;
# an undirected view lists each edge both ways) and <graph>.groups.tsv (id, group), both
# written by make_golden.py, and writes <graph>.<VIEW>.golden.tsv: per vertex the raw role
# counts (raw.nli), their expectations and standard deviations (exp.nli, sd.nli), and the
# network census (raw.gli, exp.gli, sd.gli, z.gli) in rows named "census.*".
suppressMessages(library(sna))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
# brokerage/: the oracle graphs grouped by position (make_golden.py); attributes/: the
# attribute network grouped by an attribute's values (make_attribute_golden.py).
for (dir in file.path(here, c("brokerage", "attributes")))
for (arcs in list.files(dir, pattern = "\\.arcs\\.tsv$", full.names = TRUE)) {
  base <- sub("\\.arcs\\.tsv$", "", arcs)
  graph <- sub("\\.[A-Z]+$", "", basename(base))
  n <- as.integer(readLines(arcs, n = 1))
  e <- read.table(arcs, skip = 1, col.names = c("i", "j"))
  groups <- read.table(file.path(dir, paste0(graph, ".groups.tsv")), sep = "\t", col.names = c("id", "group"),
                       colClasses = "character")
  m <- matrix(0, n, n)
  if (nrow(e) > 0) m[cbind(e$i, e$j)] <- 1
  b <- brokerage(m, groups$group)
  roles <- c("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")
  rows <- data.frame(id = groups$id, b$raw.nli, check.names = FALSE)
  colnames(rows) <- c("id", roles)
  expd <- data.frame(id = paste0("exp.", groups$id), b$exp.nli, check.names = FALSE); colnames(expd) <- c("id", roles)
  sdd <- data.frame(id = paste0("sd.", groups$id), b$sd.nli, check.names = FALSE); colnames(sdd) <- c("id", roles)
  census <- data.frame(id = c("census.raw", "census.exp", "census.sd", "census.z"),
                       rbind(b$raw.gli, b$exp.gli, b$sd.gli, b$z.gli), check.names = FALSE)
  colnames(census) <- c("id", roles)
  out <- rbind(rows, expd, sdd, census)
  write.table(format(out, digits = 17), paste0(base, ".golden.tsv"), sep = "\t", quote = FALSE, row.names = FALSE)
}
