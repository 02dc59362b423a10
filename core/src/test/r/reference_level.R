#!/usr/bin/env Rscript
# Reference for a configured reference level (analyze.covariates.reference): Cox models on survival::lung
# (treatment sex 1 -> 2, status 2 = death) with ph.ecog's reference set to "1" by relevel(), and age_group's
# levels given explicitly, so the terms are those a reader of R output expects from the configuration.
# Usage: Rscript reference_level.R oracle/lung.csv reference/lung_relevel.json
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d$treat <- as.integer(d$sex == 2)
d$event <- as.integer(d$status == 2)
d$ph.ecog <- relevel(factor(d$ph.ecog), ref = "1")
d$age_group <- factor(d$age_group, levels = c(">=65", "<65"))
num <- function(x) {
  vapply(x, function(v) {
    s <- sprintf("%.15g", v)
    if (as.numeric(s) != v) s <- sprintf("%.16g", v)
    if (as.numeric(s) != v) s <- sprintf("%.17g", v)
    s
  }, "")
}
fit <- coxph(Surv(time, event) ~ treat + ph.ecog + age_group + age, data = d, ties = "efron")
s <- summary(fit)$coefficients
json <- paste0('{"formula": "coxph(Surv(time, event) ~ treat + relevel(factor(ph.ecog), \\"1\\") + ',
  'factor(age_group, levels = c(\\">=65\\", \\"<65\\")) + age)", "terms": [',
  paste0('"', rownames(s), '"', collapse = ", "), '], "coef": [', paste(num(s[, "coef"]), collapse = ", "),
  '], "se": [', paste(num(s[, "se(coef)"]), collapse = ", "), '], "loglik": ', num(fit$loglik[2]),
  ', "n": ', fit$n, '}')
writeLines(json, args[2])
