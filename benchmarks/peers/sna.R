#!/usr/bin/env Rscript
# R sna's side of bench-peers' significance tests: reads the slice's edge list (vertex count,
# then 0-based "u v w" lines) and its actors' regions, and times qaptest(list(x, y), gcor) with
# x = same region and y = ties, and cug.test(y, gtrans, cmode = "edges"), both mode "graph",
# with the spec's replications. Prints {"qaptest_slice": {"sna": s}, "cug_transitivity_slice": {"sna": s}}.
suppressMessages(library(sna))
arg <- commandArgs(trailingOnly = TRUE)[1]
num <- function(key) as.numeric(sub(paste0('.*"', key, '":([0-9.]+).*'), "\\1", arg))
str <- function(key) sub(paste0('.*"', key, '":"([^"]+)".*'), "\\1", arg)
reps <- num("reps")
lines <- readLines(str("edges"))
n <- as.integer(lines[1])
e <- read.table(text = lines[-1], col.names = c("u", "v", "w"))
y <- matrix(0, n, n)
y[cbind(e$u + 1, e$v + 1)] <- 1
y[cbind(e$v + 1, e$u + 1)] <- 1
region <- readLines(str("labels"))
x <- outer(region, region, "==") * 1
diag(x) <- 0
t0 <- Sys.time()
q <- qaptest(list(x, y), gcor, g1 = 1, g2 = 2, reps = reps, mode = "graph")
qap <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
t0 <- Sys.time()
cg <- cug.test(y, gtrans, mode = "graph", cmode = "edges", reps = reps)
cug <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
cat(sprintf('{"qaptest_slice": {"sna": %.6f}, "cug_transitivity_slice": {"sna": %.6f}}\n', qap, cug))
