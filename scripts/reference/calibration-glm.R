# Calibration slope and intercept by R's glm on the tree predictions of calibration-pure-leaves.py.
# Run from the repository root with Debian bookworm's r-base-core (R 4.2.2):
#   Rscript scripts/reference/calibration-glm.R
# writes tests/fixtures/calibration/glm.json. glm is run to a tight tolerance (epsilon 1e-14, 100 iterations)
# so that its coefficients are exact to about 1e-10. Where a prediction is exactly 0 or 1, qlogis gives +-Inf
# and glm stops with an error; the error text is recorded (RadSweep then reports the value as undefined).
d <- read.csv("tests/fixtures/calibration/tree-predictions.csv", colClasses = c("character", "character", "integer", "integer", "numeric"))
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
fit <- function(expr) tryCatch(list(value = expr(), error = NULL), error = function(e) list(value = NULL, error = conditionMessage(e)))
out <- lapply(split(d, factor(d$model, levels = unique(d$model))), function(m) {
  y <- m$label
  lp <- qlogis(m$probability)
  slope <- fit(function() unname(coef(glm(y ~ lp, family = binomial, control = ctl))[2]))
  intercept <- fit(function() unname(coef(glm(y ~ 1 + offset(lp), family = binomial, control = ctl))[1]))
  list(model = m$model[1], n = nrow(m), predictions_at_0_or_1 = sum(m$probability == 0 | m$probability == 1),
       calibration_slope = slope$value, calibration_slope_error = slope$error,
       calibration_intercept = intercept$value, calibration_intercept_error = intercept$error)
})
res <- list(about = paste("R", paste(R.version$major, R.version$minor, sep = "."), "glm(label ~ qlogis(p), binomial) and glm(label ~ 1 + offset(qlogis(p)), binomial), epsilon 1e-14, maxit 100, on tests/fixtures/calibration/tree-predictions.csv (no clipping)"),
            values = unname(out))
writeLines(jsonlite::toJSON(res, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), "tests/fixtures/calibration/glm.json")

# The same unclipped glm on the three models' test predictions of the shared plain references (the models of
# ../shared/reference/metrics-reference.json, whose calibration values were computed with p clipped to
# [1e-15, 1 - 1e-15]); writes tests/fixtures/calibration/plain-glm.json.
plain <- list(wdbc = "../shared/reference/wdbc-plain.json", crlm = "../shared/reference/crlm-synthetic-original-plain.json")
values <- list()
for (set in names(plain)) {
  ref <- jsonlite::fromJSON(plain[[set]], simplifyVector = FALSE)
  for (m in ref$models) {
    if (!(m$model %in% c("logistic_regression", "gaussian_nb", "random_forest"))) next
    y <- sapply(m$predictions, function(r) r$label)
    p <- sapply(m$predictions, function(r) r$probability)
    lp <- qlogis(p)
    slope <- fit(function() unname(coef(glm(y ~ lp, family = binomial, control = ctl))[2]))
    intercept <- fit(function() unname(coef(glm(y ~ 1 + offset(lp), family = binomial, control = ctl))[1]))
    values[[length(values) + 1]] <- list(set = set, model = m$model, n = length(y), predictions_at_0_or_1 = sum(p == 0 | p == 1),
      calibration_slope = slope$value, calibration_slope_error = slope$error,
      calibration_intercept = intercept$value, calibration_intercept_error = intercept$error)
  }
}
res <- list(about = paste("R", paste(R.version$major, R.version$minor, sep = "."), "glm as above (no clipping) on the stored test predictions of three models in ../shared/reference/wdbc-plain.json and crlm-synthetic-original-plain.json"),
            values = values)
writeLines(jsonlite::toJSON(res, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), "tests/fixtures/calibration/plain-glm.json")
