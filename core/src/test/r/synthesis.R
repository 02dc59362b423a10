#!/usr/bin/env Rscript
# Reference values for evidence synthesis (core package org.npcoutcomes.synthesis) from metafor 3.8-1:
# rma() with methods EE, DL, REML, PM and tests z, knha, adhoc, predict(), confint() (Q-profile), regtest(
# model = "lm"), leave1out(), escalc() proportions PLO and PFT with their back-transforms, and rma.glmm(
# measure = "PLO"). Run from core/src/test/resources/fixtures/: Rscript ../../r/synthesis.R synthesis
# Writes synthesis/meta.json: one entry per data set with the inputs (yi, vi or events, totals) and R's results.
# REML and PM are fitted with a tight control (threshold/tol 1e-12): metafor's defaults stop its iterations at
# 1e-5, and the Java code solves the same equations exactly. rma.glmm is fitted twice: with metafor's
# defaults (nAGQ = 7, lme4's optimizers) and with a tight bobyqa (rhoend 1e-12) and a tight penalised IRLS
# (tolPwrss 1e-12: lme4 centres its adaptive quadrature at modes found to this tolerance, 1e-7 by default) on the
# same model, the value the Java fit (the exact maximum) is compared with.
suppressMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "synthesis"
dir.create(dir, showWarnings = FALSE)

# the JSON writer shared by the fixture scripts (json.R beside this script)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "json.R"))


tight <- list(threshold = 1e-12, tol = 1e-12, maxiter = 100000)
fit_json <- function(f) {
  p <- predict(f)
  out <- list(estimate = c(f$beta), se = f$se, statistic = f$zval, pval = f$pval, ci_lb = f$ci.lb,
    ci_ub = f$ci.ub, pi_lb = p$pi.lb, pi_ub = p$pi.ub, tau2 = f$tau2, I2 = f$I2, H2 = f$H2, QE = f$QE,
    QEp = f$QEp, weights = arr(unname(weights(f))))
  out
}
effects_json <- function(yi, vi) {
  methods <- c("EE", "DL", "REML", "PM")
  tests <- c("z", "knha", "adhoc")
  fits <- list()
  for (m in methods) for (t in tests) {
    f <- rma(yi, vi, method = m, test = t, control = tight)
    fits[[paste(m, t, sep = "_")]] <- fit_json(f)
  }
  reml <- rma(yi, vi, method = "REML", control = tight)
  ci <- if (length(yi) > 1) confint(reml, control = list(tol = 1e-12))$random else NULL
  out <- list(yi = arr(yi), vi = arr(vi), fits = fits)
  if (!is.null(ci)) out$tau2_ci <- list(tau2 = arr(unname(ci["tau^2", 2:3])), I2 = arr(unname(ci["I^2(%)", 2:3])),
    H2 = arr(unname(ci["H^2", 2:3])))
  l1o <- list()
  for (m in c("EE", "REML", "DL")) for (t in c("z", "knha")) {
    l <- leave1out(rma(yi, vi, method = m, test = t, control = tight))
    l1o[[paste(m, t, sep = "_")]] <- list(estimate = arr(l$estimate), se = arr(l$se), statistic = arr(l$zval),
      pval = arr(l$pval), ci_lb = arr(l$ci.lb), ci_ub = arr(l$ci.ub), Q = arr(l$Q), Qp = arr(l$Qp),
      tau2 = arr(l$tau2), I2 = arr(l$I2), H2 = arr(l$H2))
  }
  out$leave1out <- l1o
  if (length(yi) >= 3) {
    r <- regtest(rma(yi, vi, method = "REML", control = tight), model = "lm")
    out$egger <- list(statistic = r$zval, pval = r$pval, df = r$dfs, slope = unname(coef(r$fit)[2]),
      limit = r$est, limit_lb = r$ci.lb, limit_ub = r$ci.ub)
  }
  out
}
proportion_json <- function(xi, ni) {
  out <- list(events = arr(as.integer(xi)), totals = arr(as.integer(ni)))
  plo <- escalc("PLO", xi = xi, ni = ni)
  pft <- escalc("PFT", xi = xi, ni = ni)
  out$plo <- list(yi = arr(c(plo$yi)), vi = arr(c(plo$vi)))
  out$pft <- list(yi = arr(c(pft$yi)), vi = arr(c(pft$vi)))
  for (m in c("EE", "REML", "DL")) {
    f <- rma(plo$yi, plo$vi, method = m, control = tight)
    p <- predict(f, transf = transf.ilogit)
    out[[paste0("plo_", m)]] <- c(fit_json(f), list(pred = p$pred, pred_ci_lb = p$ci.lb, pred_ci_ub = p$ci.ub,
      pred_pi_lb = p$pi.lb, pred_pi_ub = p$pi.ub))
    f <- rma(pft$yi, pft$vi, method = m, control = tight)
    p <- predict(f, transf = transf.ipft.hm, targs = list(ni = ni))
    out[[paste0("pft_", m)]] <- c(fit_json(f), list(pred = p$pred, pred_ci_lb = p$ci.lb, pred_ci_ub = p$ci.ub,
      pred_pi_lb = p$pi.lb, pred_pi_ub = p$pi.ub,
      study = arr(transf.ipft(c(pft$yi), ni))))
  }
  glmm_json <- function(g) list(estimate = c(g$beta), se = g$se, statistic = g$zval, pval = g$pval,
    ci_lb = g$ci.lb, ci_ub = g$ci.ub, tau2 = g$tau2, I2 = g$I2, H2 = g$H2, QE_LRT = g$QE.LRT,
    QEp_LRT = g$QEp.LRT)
  g <- suppressWarnings(rma.glmm(measure = "PLO", xi = xi, ni = ni))
  out$glmm_default <- glmm_json(g)
  g <- suppressWarnings(rma.glmm(measure = "PLO", xi = xi, ni = ni,
    control = list(glmerCtrl = list(optimizer = "bobyqa", tolPwrss = 1e-12, optCtrl = list(rhobeg = 0.2,
      rhoend = 1e-12, maxfun = 100000)))))
  out$glmm <- glmm_json(g)
  out
}

# Log hazard ratios from the 95% CIs papers print: k = 2, a homogeneous set (tau^2 = 0 for every estimator)
# and the 13 BCG trials (log risk ratios, metadat's dat.bcg) for k >= 10.
hr_from_ci <- function(est, lo, hi) list(yi = log(est), vi = ((log(hi) - log(lo)) / (2 * qnorm(0.975)))^2)
two <- hr_from_ci(c(0.62, 0.81), c(0.48, 0.70), c(0.80, 0.94))
homog <- hr_from_ci(c(0.70, 0.74, 0.69, 0.77, 0.72), c(0.55, 0.60, 0.50, 0.58, 0.61),
  c(0.89, 0.91, 0.95, 1.02, 0.85))
bcg <- escalc("RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
cases <- list(
  k2 = effects_json(two$yi, two$vi),
  homogeneous = effects_json(homog$yi, homog$vi),
  bcg = effects_json(c(bcg$yi), c(bcg$vi)),
  # Proportions (e.g. 1-year overall survival): one study with no events and one with only events.
  proportions = proportion_json(c(0, 12, 30, 45, 20, 8, 25, 40, 17, 33, 15),
    c(20, 40, 52, 60, 20, 25, 61, 70, 35, 50, 30)),
  proportions_k2 = proportion_json(c(3, 40), c(25, 52))
)
writeLines(to_json(cases), file.path(dir, "meta.json"))
