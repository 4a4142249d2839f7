#pragma once
// The PDF certificate of an award: A4, text set by pango in an embedded font (selectable and
// tagged, never an image), a QR code drawn as vector squares to the verification page, in the
// award's language. The same award gives the same bytes every time (the creation date is the
// award's date, nothing depends on the clock).
#include <string>

#include "features/credentials/model.hpp"

namespace cityskills::credentials {

std::string certificate_pdf(const Award& a, const std::string& verify_url);

}  // namespace cityskills::credentials
