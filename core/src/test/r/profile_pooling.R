#!/usr/bin/env Rscript
# Reference for pooling sites' profile likelihoods (org.npcoutcomes.synthesis.ProfilePooling), from survival.
# Four simulated sites (the last two with under 10 events), treatment 0/1, continuous times (no ties). For each
# site: the Cox log partial likelihood at each grid value b of the treatment coefficient
# (coxph(init = b, iter.max = 0)$loglik[2]) with its first and second derivatives (the score and minus the
# information summed from coxph.detail). References: the stratified fit on the stacked rows,
# coxph(Surv(time, status) ~ treat + strata(site)) (its coefficient, and the likelihood-ratio 95% CI where its
# log partial likelihood falls by qchisq(0.95, 1)/2, found by uniroot), and each site's own coxph fit pooled by
# inverse variance (rma(method = "EE")), the normal approximation.
# Run from core/src/test/resources/fixtures/: Rscript ../../r/profile_pooling.R synthesis
suppressMessages({ library(survival); library(metafor); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "synthesis"

# the JSON writer shared by the fixture scripts (json.R beside this script)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "json.R"))


set.seed(20)
site_rows <- function(name, n, hr, rate, cens) {
  treat <- rbinom(n, 1, 0.5)
  t_event <- rexp(n, rate * hr^treat)
  t_cens <- rexp(n, cens)
  data.frame(site = name, treat = treat, time = pmin(t_event, t_cens), status = as.integer(t_event <= t_cens))
}
sites <- rbind(site_rows("A", 60, 0.7, 0.05, 0.02), site_rows("B", 40, 0.8, 0.04, 0.03),
  site_rows("C", 14, 0.15, 0.04, 0.04), site_rows("D", 12, 0.3, 0.05, 0.03))
grid <- seq(-3, 2, by = 0.05)
profile_at <- function(d, b) {
  fit <- coxph(Surv(time, status) ~ treat, data = d, init = b, control = coxph.control(iter.max = 0))
  det <- coxph.detail(fit)
  c(loglik = fit$loglik[2], d1 = sum(det$score), d2 = -sum(det$imat))
}
profiles <- list()
separate <- list()
for (s in c("A", "B", "C", "D")) {
  d <- sites[sites$site == s, ]
  p <- t(sapply(grid, function(b) profile_at(d, b)))
  profiles[[s]] <- list(beta = arr(grid), loglik = arr(p[, "loglik"]), d1 = arr(p[, "d1"]), d2 = arr(p[, "d2"]),
    events = sum(d$status))
  f <- coxph(Surv(time, status) ~ treat, data = d)
  separate[[s]] <- list(coef = unname(coef(f)), se = unname(sqrt(diag(f$var))))
}
strat <- coxph(Surv(time, status) ~ treat + strata(site), data = sites, control = coxph.control(eps = 1e-12,
  toler.chol = 1e-15, iter.max = 100))
ll_strat <- function(b) coxph(Surv(time, status) ~ treat + strata(site), data = sites, init = b,
  control = coxph.control(iter.max = 0))$loglik[2]
cut <- strat$loglik[2] - qchisq(0.95, 1) / 2
b_hat <- unname(coef(strat))
lr_lb <- uniroot(function(b) ll_strat(b) - cut, c(b_hat - 3, b_hat), tol = 1e-13)$root
lr_ub <- uniroot(function(b) ll_strat(b) - cut, c(b_hat, b_hat + 3), tol = 1e-13)$root
coefs <- sapply(separate, function(x) x$coef)
ses <- sapply(separate, function(x) x$se)
normal <- rma(coefs, sei = ses, method = "EE")
out <- list(profiles = profiles, separate = separate,
  stratified = list(coef = b_hat, se = unname(sqrt(diag(strat$var))), loglik = strat$loglik[2], lr_lb = lr_lb,
    lr_ub = lr_ub),
  normal_approximation = list(estimate = c(normal$beta), se = normal$se, ci_lb = normal$ci.lb, ci_ub = normal$ci.ub))
writeLines(to_json(out), file.path(dir, "profile_pooling.json"))
