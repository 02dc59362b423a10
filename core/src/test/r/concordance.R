#!/usr/bin/env Rscript
# Reference Harrell's concordance (survival::concordance, timewt "n", reverse = TRUE so a higher x with a
# shorter time is concordant) on random data with heavy ties in time and in x, fractional case weights and
# three strata. Writes the data as CSV and, per variant, C, its SE (sqrt of var: the infinitesimal jackknife,
# weights * influence / npair, summed in squares) and the summed pair counts as JSON.
# Usage: Rscript concordance.R OUT_DIR
suppressPackageStartupMessages(library(survival))
out <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20240611)
n <- 600
time <- sample(1:40, n, replace = TRUE)
d <- data.frame(
  time = time,
  status = rbinom(n, 1, 0.6),
  x = round(rnorm(n) - time / 15, 1),
  w = round(runif(n, 0.2, 3), 3),
  g = sample(1:3, n, replace = TRUE))
write.csv(d, file.path(out, "tied_weighted.csv"), row.names = FALSE)
num <- function(v) { s <- sprintf("%.15g", v); if (as.numeric(s) != v) s <- sprintf("%.17g", v); s }
variant <- function(fit) {
  counts <- if (is.matrix(fit$count)) colSums(fit$count) else fit$count
  sprintf('{"C":%s,"se":%s,"counts":{%s}}', num(unname(fit$concordance)), num(sqrt(unname(fit$var))),
    paste(sprintf('"%s":%s', names(counts), vapply(unname(counts), num, "")), collapse = ","))
}
fits <- list(
  plain = concordance(Surv(time, status) ~ x, data = d, reverse = TRUE),
  weighted = concordance(Surv(time, status) ~ x, data = d, weights = w, reverse = TRUE),
  stratified = concordance(Surv(time, status) ~ x + strata(g), data = d, reverse = TRUE),
  weighted_stratified = concordance(Surv(time, status) ~ x + strata(g), data = d, weights = w, reverse = TRUE))
writeLines(paste0("{", paste(sprintf('"%s":%s', names(fits), vapply(fits, variant, "")), collapse = ","), "}"),
  file.path(out, "tied_weighted.json"))
