#!/usr/bin/env Rscript
# Golden values for QAP tests, computed by R's sna package (Debian: r-cran-sna), on the
# relations make_permutation_golden.py writes for the attribute oracle network
# (testdata/oracle/attributes/qap/<relation>.<VIEW>.tsv: n×n matrices over the actors that
# have a budget):
#   qaptest(list(x, y), gcor, g1 = 1, g2 = 2) of (sector, ties) and (weight, location);
#   netlm(ties, list(sector, location, budget), nullhyp = "qapspp") with R² as summary.netlm.
# 2,000 replications each, mode "graph" on the undirected view and "digraph" on the directed.
#
#   Rscript testdata/oracle/make_qap_golden.R      (or: make golden)
suppressMessages(library(sna))
set.seed(20261204)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
dir <- file.path(here, "attributes", "qap")
reps <- 2000
rel <- function(name, view) as.matrix(read.table(file.path(dir, paste0(name, ".", view, ".tsv")), sep = "\t"))
rows <- list()
for (view in c("UNDIRECTED", "DIRECTED")) {
  mode <- if (view == "DIRECTED") "digraph" else "graph"
  for (pair in list(c("sector", "ties"), c("weight", "location"))) {
    x <- rel(pair[1], view); y <- rel(pair[2], view)
    q <- qaptest(list(x, y), gcor, g1 = 1, g2 = 2, reps = reps, mode = mode)
    rows[[length(rows) + 1]] <- data.frame(view = view, test = paste0("qap:", pair[1], ":", pair[2]), term = "",
      estimate = q$testval, p_ge = q$pgreq, p_le = q$pleeq, p_abs = mean(abs(q$dist) >= abs(q$testval)), reps = reps)
  }
  y <- rel("ties", view)
  xs <- list(rel("sector", view), rel("location", view), rel("budget", view))
  fit <- netlm(y, xs, mode = mode, nullhyp = "qapspp", reps = reps)
  mss <- sum((fit$fitted.values - mean(fit$fitted.values))^2)
  rss <- sum(fit$residuals^2)
  r2 <- mss / (mss + rss)
  adj <- 1 - (1 - r2) * ((fit$n - 1) / (fit$n - fit$rank))
  terms <- c("(intercept)", "same(SECTOR)", "same(location)", "absdiff(budget)")
  for (i in seq_along(terms)) {
    rows[[length(rows) + 1]] <- data.frame(view = view, test = "netlm", term = terms[i], estimate = fit$coefficients[i],
      p_ge = fit$pgreq[i], p_le = fit$pleeq[i], p_abs = fit$pgreqabs[i], reps = reps)
  }
  rows[[length(rows) + 1]] <- data.frame(view = view, test = "netlm", term = "r.squared", estimate = r2, p_ge = NA, p_le = NA, p_abs = NA, reps = reps)
  rows[[length(rows) + 1]] <- data.frame(view = view, test = "netlm", term = "adj.r.squared", estimate = adj, p_ge = NA, p_le = NA, p_abs = NA, reps = reps)
}
write.table(format(do.call(rbind, rows), digits = 17), file.path(here, "attributes", "qap.tsv"), sep = "\t", quote = FALSE, row.names = FALSE)
