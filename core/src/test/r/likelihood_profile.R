#!/usr/bin/env Rscript
# Reference profile log partial likelihoods of the treatment coefficient of Cox models (Efron ties), per site
# of a simulated multi-site cohort (four sites, the smallest with fewer than 10 events), on the grid the
# likelihood_profile mart uses: the fixed lattice beta = (k - 60) / 20, k = 0..120 (log HR -3..3 step 0.05),
# plus, when the site's estimate is finite (|coef| + 4 se <= 10), coef + se * m / 2 for m = -8..8.
# The crude profile is coxph(Surv(time, status) ~ treat, init = beta, iter.max = 0)'s log likelihood; the
# multivariable one fits sex and age with offset(beta * treat). d1 and d2 are five-point central differences
# (h = 0.01) of that profile, an independent check of the analytic derivatives. Also the stratified fit
# coxph(Surv(time, status) ~ treat + strata(site)) on the fixed lattice (the sum of the crude site profiles)
# and, as "D_monotone", site D with the treated arm's events censored (an infinite estimate).
# Writes OUT_DIR/sites.csv and OUT_DIR/sites.json.
# Usage: Rscript likelihood_profile.R OUT_DIR
suppressPackageStartupMessages(library(survival))
out <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20261203)
sizes <- c(A = 160, B = 110, C = 70, D = 26)
site_effect <- c(A = 0, B = 0.3, C = -0.2, D = 0)
follow_up <- c(A = 48, B = 36, C = 40, D = 5)
d <- do.call(rbind, lapply(names(sizes), function(s) {
  n <- sizes[[s]]
  treat <- rbinom(n, 1, 0.5)
  sex <- sample(c("F", "M"), n, replace = TRUE, prob = c(0.3, 0.7))
  age <- round(rnorm(n, 50, 10))
  rate <- 0.04 * exp(-0.45 * treat + 0.3 * (sex == "M") + 0.02 * (age - 50) + site_effect[[s]])
  event_time <- ceiling(rexp(n, rate))
  censor_time <- ceiling(runif(n, 2, follow_up[[s]]))
  data.frame(site = s, time = pmin(event_time, censor_time), status = as.integer(event_time <= censor_time),
    treat = treat, sex = sex, age = age)
}))
d$id <- seq_len(nrow(d))
d <- d[, c("id", "site", "time", "status", "treat", "sex", "age")]
write.csv(d, file.path(out, "sites.csv"), row.names = FALSE)

num <- function(v) { s <- sprintf("%.15g", v); if (as.numeric(s) != v) s <- sprintf("%.17g", v); s }
arr <- function(v) paste0("[", paste(vapply(v, num, ""), collapse = ","), "]")
ctl <- coxph.control(eps = 1e-12, toler.chol = 1e-14, iter.max = 100)
fixed <- (0:120 - 60) / 20

profile_at <- function(rows, b, covariates) {
  if (length(covariates) == 0) {
    fit <- coxph(Surv(time, status) ~ treat, data = rows, init = b, control = coxph.control(iter.max = 0))
    return(fit$loglik[1])
  }
  rows$off <- b * rows$treat
  f <- as.formula(paste("Surv(time, status) ~ offset(off) +", paste(covariates, collapse = " + ")))
  suppressWarnings(coxph(f, data = rows, control = ctl))$loglik[2]
}

profile <- function(rows, covariates) {
  f <- as.formula(paste("Surv(time, status) ~", paste(c("treat", covariates), collapse = " + ")))
  fit <- suppressWarnings(coxph(f, data = rows))
  coef <- unname(coef(fit)[1])
  se <- unname(sqrt(diag(fit$var))[1])
  local <- if (is.finite(coef) && is.finite(se) && se > 0 && abs(coef) + 4 * se <= 10) coef + se * (-8:8) / 2
    else numeric(0)
  beta <- sort(unique(c(fixed, local)))
  h <- 0.01
  l <- vapply(beta, function(b) profile_at(rows, b, covariates), 0)
  at <- function(shift) vapply(beta, function(b) profile_at(rows, b + shift, covariates), 0)
  lp1 <- at(h); lm1 <- at(-h); lp2 <- at(2 * h); lm2 <- at(-2 * h)
  d1 <- (8 * (lp1 - lm1) - (lp2 - lm2)) / (12 * h)
  d2 <- (-lp2 + 16 * lp1 - 30 * l + 16 * lm1 - lm2) / (12 * h^2)
  sprintf('{"coef":%s,"se":%s,"events":%d,"n":%d,"local":%s,"beta":%s,"log_lik":%s,"d1":%s,"d2":%s}', num(coef),
    num(se), sum(rows$status), nrow(rows), tolower(length(local) > 0), arr(beta), arr(l), arr(d1), arr(d2))
}

models <- list(crude = character(0), multivariable = c("sex", "age"))
site_json <- vapply(names(sizes), function(s) {
  rows <- d[d$site == s, ]
  parts <- vapply(names(models), function(m) sprintf('"%s":%s', m, profile(rows, models[[m]])), "")
  sprintf('"%s":{%s}', s, paste(parts, collapse = ","))
}, "")
monotone <- d[d$site == "D", ]
monotone$status[monotone$treat == 1] <- 0
strat <- coxph(Surv(time, status) ~ treat + strata(site), data = d)
strat_ll <- vapply(fixed, function(b) coxph(Surv(time, status) ~ treat + strata(site), data = d, init = b,
  control = coxph.control(iter.max = 0))$loglik[1], 0)
writeLines(paste0("{", '"sites":{', paste(site_json, collapse = ","), "},",
  '"D_monotone":{"crude":', profile(monotone, character(0)), "},",
  sprintf('"stratified":{"coef":%s,"se":%s,"loglik":%s,"beta":%s,"log_lik":%s}', num(unname(coef(strat))),
    num(unname(sqrt(strat$var[1, 1]))), num(strat$loglik[2]), arr(fixed), arr(strat_ll)), "}"),
  file.path(out, "sites.json"))
