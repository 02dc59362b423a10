# The analysis plan of conf/examples/bench-analysis.conf done with R's survival and cmprsk, for
# scripts/bench-analyze.sh: the same estimate families in the same populations (whole cohort, each age_group
# level, landmark 12 months, IPTW-ATE weighted cohort) of the same outcomes (os; css with other-cause death
# competing). Writes "key value" lines of the estimates to the file given second, keyed as the script reads
# our marts, and prints seconds per phase.
#   Rscript scripts/bench-analyze.R bench/cohort-N.csv bench/r-estimates-N.txt
# NPC_R_CRR_MAX_ROWS (default: no bound): populations with more rows get no crr (quadratic in the rows: about
# 900 s at 100,000 rows, a day at a million); their Fine-Gray estimates are then not compared.
suppressMessages({
  library(survival)
  library(cmprsk)
})
args <- commandArgs(TRUE)
clock <- function() proc.time()[["elapsed"]]
started <- clock()
d <- read.csv(args[1])
seconds_read <- clock() - started

# Levels sorted by code point, as our design matrix sorts them (R's default sort follows the locale).
levels_of <- function(x) factor(x, levels = sort(unique(x), method = "radix"))
for (v in c("sex", "t_group", "n_group", "mets_count", "age_group")) d[[v]] <- levels_of(d[[v]])
d$arm <- factor(d$arm, levels = c("CHT", "CHT+RT"))
d$treat <- as.integer(d$arm == "CHT+RT")
times <- c(12, 24, 36, 60)
tau <- 60
covariates <- "t_group + n_group + mets_count + age + year"
models <- list(crude = "arm", multivariable = paste("arm +", covariates))

keys <- character()
values <- numeric()
put <- function(key, value) {
  keys <<- c(keys, key)
  values <<- c(values, unname(value))
}
crr_seconds <- 0
crr_max_rows <- as.numeric(Sys.getenv("NPC_R_CRR_MAX_ROWS", "Inf"))
crr_skipped <- character()
robust_max_rows <- as.numeric(Sys.getenv("NPC_R_ROBUST_MAX_ROWS", "Inf"))
robust_skipped <- character()

cox <- function(p, o, pop, model, rhs, weighted) {
  f <- as.formula(paste("Surv(time, ev) ~", rhs))
  # survival's robust variance of a weighted fit grows with the square of the rows; NPC_R_ROBUST_MAX_ROWS
  # leaves it out of larger populations (the model-based SE is reported either way)
  robust <- weighted && nrow(p) <= robust_max_rows
  if (weighted && !robust) robust_skipped <<- c(robust_skipped, pop)
  fit <- if (weighted) coxph(f, data = p, weights = w, robust = robust) else coxph(f, data = p)
  se <- sqrt(diag(if (robust) fit$naive.var else fit$var))
  for (k in seq_along(coef(fit))) {
    put(sprintf("hr/%s/%s/%s/%d/coef", o, pop, model, k - 1), coef(fit)[k])
    put(sprintf("hr/%s/%s/%s/%d/se", o, pop, model, k - 1), se[k])
    if (robust) put(sprintf("hr/%s/%s/%s/%d/robust_se", o, pop, model, k - 1), sqrt(diag(fit$var))[k])
  }
  put(sprintf("cm/%s/%s/%s/log_lik", o, pop, model), fit$loglik[2])
  put(sprintf("cm/%s/%s/%s/concordance", o, pop, model), fit$concordance[["concordance"]])
  z <- cox.zph(fit, transform = "km")$table
  for (term in rownames(z)) put(sprintf("zph/%s/%s/%s/%s/chisq", o, pop, model, term), z[term, "chisq"])
  fit
}

# Every family of one population; weighted = the IPTW population (Kaplan-Meier and the crude Cox model only).
families <- function(p, pop, weighted = FALSE) {
  for (o in c("os", "css")) {
    p$ev <- if (o == "os") p$os_event else as.integer(p$cause == 1)
    km <- if (weighted) survfit(Surv(time, ev) ~ arm, data = p, weights = w, conf.type = "log-log")
          else survfit(Surv(time, ev) ~ arm, data = p, conf.type = "log-log")
    at <- summary(km, times = times, extend = TRUE)
    table <- summary(km, rmean = tau)$table
    for (k in 1:2) {
      arm <- levels(p$arm)[k]
      put(sprintf("km/%s/%s/%s/median", o, pop, arm), table[k, "median"])
      put(sprintf("km/%s/%s/%s/rmst", o, pop, arm), table[k, "rmean"])
      if (!weighted) put(sprintf("km/%s/%s/%s/rmst_se", o, pop, arm), table[k, "se(rmean)"])
      rows <- as.integer(at$strata) == k
      for (j in which(rows)) {
        put(sprintf("kmt/%s/%s/%s/%g/survival", o, pop, arm, at$time[j]), at$surv[j])
        put(sprintf("kmt/%s/%s/%s/%g/std_err", o, pop, arm, at$time[j]), at$std.err[j])
      }
    }
    if (weighted) {
      cox(p, o, pop, "crude", "arm", TRUE)
      next
    }
    for (strata in c(FALSE, TRUE)) {
      for (rho in 0:1) {
        f <- if (strata) Surv(time, ev) ~ arm + strata(sex) else Surv(time, ev) ~ arm
        put(sprintf("lr/%s/%s/%s/%s/chisq", o, pop, if (strata) "stratified" else "unstratified",
                    if (rho == 0) "log-rank" else "peto-peto"), survdiff(f, data = p, rho = rho)$chisq)
      }
    }
    for (m in names(models)) {
      cox(p, o, pop, m, models[[m]], FALSE)
      cox(p, o, pop, paste0(m, "_stratified"), paste(models[[m]], "+ strata(sex)"), FALSE)
    }
    if (pop == "overall") {
      main <- coxph(Surv(time, ev) ~ arm + age_group + strata(sex), data = p)
      full <- coxph(Surv(time, ev) ~ arm * age_group + strata(sex), data = p)
      put(sprintf("int/%s/age_group/p", o), pchisq(2 * (full$loglik[2] - main$loglik[2]), 1, lower.tail = FALSE))
    }
    if (o == "css") {
      ci <- cuminc(p$time, p$cause, p$arm, cencode = 0)
      put(sprintf("gray/%s/event/statistic", pop), ci$Tests["1", "stat"])
      put(sprintf("gray/%s/competing/statistic", pop), ci$Tests["2", "stat"])
      if (nrow(p) > crr_max_rows) {
        crr_skipped <<- c(crr_skipped, pop)
      } else {
        t0 <- clock()
        fg <- crr(p$time, p$cause, cov1 = p$treat, failcode = 1, cencode = 0)
        crr_seconds <<- crr_seconds + clock() - t0
        put(sprintf("hr/css/%s/fine_gray/0/coef", pop), fg$coef[1])
        put(sprintf("hr/css/%s/fine_gray/0/se", pop), sqrt(fg$var[1, 1]))
      }
    }
  }
}

t0 <- clock()
# Table 1 tests (chisq.test: Yates for 2 x 2; Welch t.test)
for (v in c("sex", "t_group", "n_group", "mets_count", "age_group")) {
  put(sprintf("t1/%s/p", v), suppressWarnings(chisq.test(table(d[[v]], d$arm)))$p.value)
}
for (v in c("age", "year")) put(sprintf("t1/%s/p", v), t.test(d[[v]][d$treat == 1], d[[v]][d$treat == 0])$p.value)
families(d, "overall")
# Propensity score and ATE weights
ps <- glm(as.formula(paste("treat ~", covariates)), data = d, family = binomial())
for (k in seq_along(coef(ps))) put(sprintf("ps/%d/coef", k - 1), coef(ps)[k])
d$w <- ifelse(d$treat == 1, 1 / fitted(ps), 1 / (1 - fitted(ps)))
families(d, "iptw_ate", weighted = TRUE)
seconds_overall <- clock() - t0

t0 <- clock()
for (level in levels(d$age_group)) families(d[d$age_group == level, ], paste0("age_group=", level))
landmark <- d[d$time >= 12, ]
landmark$time <- landmark$time - 12
families(landmark, "landmark=12")
seconds_subsets <- clock() - t0

writeLines(sprintf("%s %.17g", keys, values), args[2])
cat(sprintf(paste("R: read.csv %.2f s, whole cohort and IPTW %.2f s, subgroups and landmark %.2f s",
                  "(crr %.2f s of these), total %.2f s\n"),
            seconds_read, seconds_overall, seconds_subsets, crr_seconds, clock() - started))
if (length(robust_skipped) > 0) {
  cat(sprintf("R: no robust SE (more than %.0f rows) in %s\n", robust_max_rows,
              paste(unique(robust_skipped), collapse = ", ")))
}
if (length(crr_skipped) > 0) {
  cat(sprintf("R: no crr (more than %.0f rows) in %s\n", crr_max_rows, paste(crr_skipped, collapse = ", ")))
}
