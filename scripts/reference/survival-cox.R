# Extra Cox references beside ../shared/reference/survival/rotterdam-gbsg.json (which holds the
# Efron / Breslow fits and the Efron survival of every GBSG patient): Breslow-baseline survival
# (survfit.coxph ctype 1) and a ridge-penalised fit, on the same raw covariates.
# Run: Rscript scripts/reference/survival-cox.R ../shared/data/survival tests/fixtures/survival-cox.json
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/data/survival"
out <- if (length(args) >= 2) args[2] else "tests/fixtures/survival-cox.json"
dev <- read.csv(file.path(data_dir, "rotterdam.csv"))
ext <- read.csv(file.path(data_dir, "gbsg.csv"))
features <- c("age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon")
horizons <- c(365, 1096, 1826)
f <- as.formula(paste("Surv(time, event) ~", paste(features, collapse = " + ")))

surv_at <- function(fit, newdata) {
  sf <- survfit(fit, newdata = newdata)
  t(summary(sf, times = horizons, extend = TRUE)$surv)
}

breslow <- coxph(f, data = dev, ties = "breslow")
theta <- 50
fr <- as.formula(paste("Surv(time, event) ~ ridge(", paste(features, collapse = ", "), ", theta = ", theta, ", scale = FALSE)"))
ridge <- coxph(fr, data = dev, ties = "efron")

res <- list(
  software = list(R = R.version.string, survival = as.character(packageVersion("survival"))),
  features = features,
  horizons = horizons,
  ids = ext$id,
  breslow_survival = list(
    note = "coxph(ties = 'breslow'); survfit(fit, newdata = gbsg) defaults (ctype 1 for a Breslow fit, stype 2), at the horizons",
    surv = unname(surv_at(breslow, ext))
  ),
  ridge = list(
    note = "coxph(Surv ~ ridge(features, theta = 50, scale = FALSE), ties = 'efron'): maximises loglik - theta/2 * sum(beta^2); loglik is the unpenalised partial likelihood, penalty the subtracted term",
    theta = theta,
    coef = unname(coef(ridge)),
    loglik = unname(ridge$loglik),
    penalty = unname(ridge$penalty),
    surv = unname(surv_at(ridge, ext))
  )
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = FALSE), out)
