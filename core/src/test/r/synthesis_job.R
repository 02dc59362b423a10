#!/usr/bin/env Rscript
# Reference for the synthesize job's end-to-end test (jobs/.../SynthesizeJobTest): the published estimates of
# published.csv (ratios with 95% CIs, as papers print them: yi = log(estimate), sei = (log(upper) - log(lower)) /
# (2 qnorm(0.975))) followed by one run's crude log hazard ratio (coef -0.3, se 0.15, written into the test's run
# folder), pooled with metafor 3.8-1: rma EE and REML (z), predict, confint, regtest(model = "lm"), leave1out.
# Run from jobs/src/test/resources/fixtures/synthesis/: Rscript ../../../../../../core/src/test/r/synthesis_job.R
suppressMessages({ library(metafor) })
num <- function(v) { s <- sprintf("%.15g", v); if (as.numeric(s) != v) s <- sprintf("%.16g", v)
  if (as.numeric(s) != v) s <- sprintf("%.17g", v); s }
vec <- function(v) paste0("[", paste(vapply(v, function(x) if (is.na(x)) "null" else num(x), ""), collapse = ","), "]")
d <- read.csv("published.csv")
yi <- c(log(d$estimate), -0.3)
vi <- c(((log(d$upper) - log(d$lower)) / (2 * qnorm(0.975)))^2, 0.15^2)
tight <- list(threshold = 1e-12, tol = 1e-12, maxiter = 100000)
ee <- rma(yi, vi, method = "EE")
re <- rma(yi, vi, method = "REML", control = tight)
p <- predict(re)
ci <- confint(re, control = list(tol = 1e-12))$random
eg <- regtest(re, model = "lm")
l1 <- leave1out(re)
fit <- function(f) sprintf('{"estimate":%s,"se":%s,"ci_lb":%s,"ci_ub":%s,"pval":%s,"QE":%s,"QEp":%s,"tau2":%s,"I2":%s,"H2":%s,"weights":%s}',
  num(c(f$beta)), num(f$se), num(f$ci.lb), num(f$ci.ub), num(f$pval), num(f$QE), num(f$QEp), num(f$tau2), num(f$I2),
  num(f$H2), vec(unname(weights(f))))
out <- sprintf(paste0('{"yi":%s,"vi":%s,"common":%s,"random":%s,"pi_lb":%s,"pi_ub":%s,"tau2_ci":%s,"I2_ci":%s,',
  '"egger":{"statistic":%s,"pval":%s,"limit":%s},"leave1out":{"estimate":%s,"ci_lb":%s,"ci_ub":%s,"tau2":%s,"I2":%s}}'),
  vec(yi), vec(vi), fit(ee), fit(re), num(p$pi.lb), num(p$pi.ub), vec(unname(ci["tau^2", 2:3])),
  vec(unname(ci["I^2(%)", 2:3])), num(eg$zval), num(eg$pval), num(eg$est), vec(l1$estimate), vec(l1$ci.lb),
  vec(l1$ci.ub), vec(l1$tau2), vec(l1$I2))
writeLines(out, "job.json")
