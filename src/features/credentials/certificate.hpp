#pragma once
// The PDF certificate of an award: A4, text set by pango in an embedded font (selectable and
// tagged, never an image), a QR code drawn as vector squares to the verification page, in the
// award's language. The same award gives the same bytes every time (the creation date is the
// award's date, nothing depends on the clock). Issuers' logos and signatories are drawn as they
// were when the award was given.
#include <cstdint>
#include <map>
#include <string>

#include "features/credentials/model.hpp"

namespace cityskills::credentials {

// `logos`: the bytes (PNG or JPEG) of the issuers' logos by media id; an issuer whose logo is
// missing there, or unreadable, is shown by its name only. Issuers with a signatory get a
// signature line with the signatory's name and role beside the QR code.
std::string certificate_pdf(const Award& a, const std::string& verify_url,
                            const std::map<std::int64_t, std::string>& logos = {});

}  // namespace cityskills::credentials
