#!/usr/bin/env Rscript
# Reference for the screened multivariable Cox model: each covariate alone (univariable Cox, likelihood-ratio
# p), the covariates with p < threshold kept, then Cox of treatment + the kept covariates (Efron).
# Usage: Rscript screening.R lung.csv OUT.json   (survival::lung: treatment sex 1 -> 2, status 2 = death)
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d$treat <- as.integer(d$sex == 2)
d$event <- as.integer(d$status == 2)
d$ph.ecog <- factor(d$ph.ecog)
d$age_group <- factor(d$age_group)
covariates <- c("ph.ecog", "age", "age_group", "wt.loss")
threshold <- 0.1
num <- function(x) { s <- sprintf("%.15g", x); if (as.numeric(s) != x) s <- sprintf("%.17g", x); s }
uni <- sapply(covariates, function(v) {
  f <- coxph(as.formula(paste("Surv(time, event) ~", v)), data = d)
  unname(summary(f)$logtest["pvalue"])
})
kept <- covariates[uni < threshold]
fit <- coxph(as.formula(paste("Surv(time, event) ~", paste(c("treat", kept), collapse = " + "))), data = d)
s <- summary(fit)$coefficients
writeLines(paste0('{"threshold":', threshold,
  ',"univariable_p":{', paste(sprintf('"%s":%s', covariates, sapply(uni, num)), collapse = ","), '}',
  ',"kept":[', paste(sprintf('"%s"', kept), collapse = ","), ']',
  ',"terms":[', paste(sprintf('"%s"', rownames(s)), collapse = ","), ']',
  ',"coef":[', paste(sapply(s[, "coef"], num), collapse = ","), ']',
  ',"se":[', paste(sapply(s[, "se(coef)"], num), collapse = ","), ']',
  ',"n":', fit$n, '}'), args[2])
