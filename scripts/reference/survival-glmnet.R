# glmnet references beside ../shared/reference/survival/rotterdam-gbsg.json (which holds the
# LASSO-Cox coefficients at three lambdas): glmnet's own lambda path, cv.glmnet with stored fold
# ids (deviance and C-index) and survfit.coxnet survival of the GBSG patients.
# Run: Rscript scripts/reference/survival-glmnet.R ../shared/data/survival tests/fixtures/survival-glmnet.json
suppressPackageStartupMessages({ library(glmnet); library(survival); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/data/survival"
out <- if (length(args) >= 2) args[2] else "tests/fixtures/survival-glmnet.json"
dev <- read.csv(file.path(data_dir, "rotterdam.csv"))
ext <- read.csv(file.path(data_dir, "gbsg.csv"))
features <- c("age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon")
x <- as.matrix(dev[, features]); y <- Surv(dev$time, dev$event)
xe <- as.matrix(ext[, features])

path <- glmnet(x, y, family = "cox")
set.seed(20261203)
foldid <- sample(rep(1:5, length.out = nrow(x)))
cv_dev <- cv.glmnet(x, y, family = "cox", foldid = foldid, type.measure = "deviance")
cv_c <- cv.glmnet(x, y, family = "cox", foldid = foldid, type.measure = "C")
s <- 0.01
# the model RadSweep fits at one lambda: glmnet's path down to s, then s itself (warm starts)
at_s <- glmnet(x, y, family = "cox", lambda = c(path$lambda[path$lambda > s], s))
sf <- survfit(at_s, s = s, x = x, y = y, newx = xe)
surv5 <- as.vector(summary(sf, times = 1826, extend = TRUE)$surv)

cvout <- function(cv) list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se)
res <- list(
  software = list(R = R.version.string, glmnet = as.character(packageVersion("glmnet")), survival = as.character(packageVersion("survival"))),
  features = features,
  path = list(
    note = "glmnet(x, Surv(time, event), family = 'cox') defaults: nlambda 100, lambda.min.ratio 1e-4, thresh 1e-7, standardize = TRUE",
    lambda = path$lambda,
    dev_ratio = path$dev.ratio,
    coef = unname(lapply(seq_along(path$lambda), function(k) as.vector(coef(path)[, k])))
  ),
  foldid = foldid,
  cv_deviance = c(cvout(cv_dev), note = "cv.glmnet(family = 'cox', foldid, type.measure = 'deviance'), grouped = TRUE"),
  cv_c = c(cvout(cv_c), note = "cv.glmnet(family = 'cox', foldid, type.measure = 'C')"),
  survfit = list(
    note = "survfit(glmnet(lambda = c(path lambdas > 0.01, 0.01)), s = 0.01, x, y, newx = gbsg): coxph(init = 1, iter = 0) on the linear predictor, Efron baseline; survival at 1826 days",
    s = s, ids = ext$id, surv_5y = surv5
  )
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE), out)
