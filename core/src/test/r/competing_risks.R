#!/usr/bin/env Rscript
# Reference cumulative incidence curves (cmprsk::cuminc) on survival::mgus2: time to plasma-cell malignancy
# (cause 1) with death (cause 2) competing, by sex; and Fine–Gray regressions (cmprsk::crr) of each cause on
# sex, age and year of diagnosis, whose months-valued times are heavily tied. Writes the data as CSV and, as
# JSON, cuminc's curves, variances and timepoints(), and crr's coef, se (sqrt(diag(var))), loglik and
# loglik.null. Usage: Rscript competing_risks.R OUT_DIR
suppressPackageStartupMessages({ library(survival); library(cmprsk) })
out <- commandArgs(trailingOnly = TRUE)[1]
d <- survival::mgus2
d$etime <- ifelse(d$pstat == 0, d$futime, d$ptime)
d$cause <- ifelse(d$pstat == 0, 2 * d$death, 1)
d <- d[, c("id", "sex", "age", "dxyr", "etime", "cause")]
write.csv(d, file.path(out, "mgus2.csv"), row.names = FALSE)
ci <- cuminc(d$etime, d$cause, d$sex, cencode = 0)
num <- function(x) vapply(x, function(v) {
  if (is.na(v)) return("null")
  s <- sprintf("%.15g", v); if (as.numeric(s) != v) s <- sprintf("%.17g", v); s }, "")
arr <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
curves <- names(ci)[names(ci) != "Tests"]
times <- c(24, 60, 120, 240)
tp <- timepoints(ci, times)
parts <- vapply(curves, function(k) sprintf('"%s":{"time":%s,"est":%s,"var":%s,"at_times_est":%s,"at_times_var":%s}',
  k, arr(ci[[k]]$time), arr(ci[[k]]$est), arr(ci[[k]]$var), arr(tp$est[k, ]), arr(tp$var[k, ])), "")
tests <- ci$Tests
cov <- cbind(male = as.numeric(d$sex == "M"), age = d$age, dxyr = d$dxyr)
fg <- vapply(1:2, function(code) {
  f <- crr(d$etime, d$cause, cov, failcode = code, cencode = 0)
  sprintf('"failcode%d":{"coef":%s,"se":%s,"loglik":%s,"loglik_null":%s,"converged":%s}', code, arr(f$coef),
    arr(sqrt(diag(f$var))), num(f$loglik), num(f$loglik.null), tolower(f$converged))
}, "")
writeLines(paste0('{"times":', arr(times), ',"curves":{', paste(parts, collapse = ","), '},"gray":{"stat":',
  arr(tests[, "stat"]), ',"pv":', arr(tests[, "pv"]), ',"df":', arr(tests[, "df"]), '},"crr":{"terms":',
  '["male","age","dxyr"],', paste(fg, collapse = ","), '}}'),
  file.path(out, "mgus2.json"))
