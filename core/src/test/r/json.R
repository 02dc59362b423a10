# Shared by the fixture scripts: source(file.path(script_dir, "json.R")), after library(jsonlite).
# ----------------------------------------------------------------------------
# JSON writer with full (round-trip) double precision.
# jsonlite 1.8.4 toJSON(digits=NA) only writes 15 significant digits, which does
# not round-trip; here doubles use the shortest of %.15g/%.16g/%.17g that
# round-trips. NA -> null; Inf/-Inf/NaN -> strings "Inf"/"-Inf"/"NaN".
# Length-1 vectors become scalars unless wrapped with arr(); data frame columns
# are always arrays (data frames are written column-wise: {"col": [...], ...}).
# ----------------------------------------------------------------------------
arr <- function(x) { if (is.null(x)) return(NULL); attr(x, "json_array") <- TRUE; x }
fmt_dbl <- function(x) {
  out <- character(length(x))
  for (i in seq_along(x)) {
    v <- x[i]
    if (is.na(v) && !is.nan(v)) out[i] <- "null"
    else if (is.nan(v)) out[i] <- "\"NaN\""
    else if (is.infinite(v)) out[i] <- if (v > 0) "\"Inf\"" else "\"-Inf\""
    else {
      s <- sprintf("%.15g", v)
      if (as.numeric(s) != v) s <- sprintf("%.16g", v)
      if (as.numeric(s) != v) s <- sprintf("%.17g", v)
      out[i] <- s
    }
  }
  out
}
to_json <- function(x, force_array = FALSE) {
  if (is.null(x)) return("null")
  if (is.data.frame(x)) {
    cols <- lapply(x, function(c) to_json(c, force_array = TRUE))
    nm <- vapply(names(x), function(n) as.character(toJSON(n, auto_unbox = TRUE)), "")
    return(paste0("{", paste0(nm, ":", cols, collapse = ","), "}"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return(if (!is.null(names(x))) "{}" else "[]")
    vals <- vapply(x, to_json, "")
    if (!is.null(names(x)) && all(names(x) != "")) {
      nm <- vapply(names(x), function(n) as.character(toJSON(n, auto_unbox = TRUE)), "")
      return(paste0("{", paste0(nm, ":", vals, collapse = ","), "}"))
    }
    return(paste0("[", paste(vals, collapse = ","), "]"))
  }
  if (is.factor(x)) x <- as.character(x)
  if (is.matrix(x)) {
    # matrices -> object of columns if colnames, else array of rows
    if (!is.null(colnames(x))) {
      l <- lapply(seq_len(ncol(x)), function(j) arr(unname(x[, j])))
      names(l) <- colnames(x)
      if (!is.null(rownames(x))) l <- c(list(rownames = arr(rownames(x))), l)
      return(to_json(l))
    }
    return(to_json(lapply(seq_len(nrow(x)), function(i) arr(unname(x[i, ])))))
  }
  force_array <- force_array || isTRUE(attr(x, "json_array")) || length(x) != 1
  nms <- names(x)
  if (is.double(x)) v <- fmt_dbl(as.vector(x))
  else if (is.integer(x)) v <- ifelse(is.na(x), "null", as.character(x))
  else if (is.logical(x)) v <- ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  else if (is.character(x)) v <- vapply(as.vector(x), function(s) if (is.na(s)) "null" else as.character(toJSON(s, auto_unbox = TRUE)), "", USE.NAMES = FALSE)
  else stop("cannot serialise class ", class(x))
  if (!is.null(nms) && length(x) > 1 && all(nms != "") && !isTRUE(attr(x, "json_array"))) {
    nm <- vapply(nms, function(n) as.character(toJSON(n, auto_unbox = TRUE)), "")
    return(paste0("{", paste0(nm, ":", v, collapse = ","), "}"))
  }
  if (!force_array) return(v)
  paste0("[", paste(v, collapse = ","), "]")
}
