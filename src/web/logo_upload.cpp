#include "web/logo_upload.hpp"

#include "media/media.hpp"
#include "web/forms.hpp"

namespace cityskills::web {

StoredLogo store_logo(Ctx& ctx, const UploadedFile* file, const std::vector<std::string>& extensions,
                      std::optional<std::int64_t> org_id, std::string_view field, FormErrors& errors) {
  if (!file) {
    errors.add(std::string(field), "common.logo.required");
    return {std::nullopt, 422};
  }
  auto policy = media::image_policy();
  policy.extensions = extensions;
  policy.max_bytes[media::Kind::kImage] = kLogoMaxBytes;
  // Said in kilobytes: the media store's "maximum N MB" would read "0 MB" for a logo.
  if (file->data.size() > kLogoMaxBytes) {
    errors.add(std::string(field), "common.logo.too_large", {{"max", std::to_string(kLogoMaxBytes / 1024)}});
    return {std::nullopt, 413};
  }
  media::Input in{file->filename, file->data};
  // Checked before anything is written: the media store's checks, then the pixel size.
  if (auto refused = media::check(in, policy)) {
    errors.add(std::string(field), refused->error_key, i18n::Args(refused->args.begin(), refused->args.end()));
    return {std::nullopt, refused->status};
  }
  auto size = media::image_size(file->data);
  if (!size) {  // the type's signature is right but its size cannot be read: a damaged file
    errors.add(std::string(field), "common.logo.unreadable");
    return {std::nullopt, 422};
  }
  if (size->first > kLogoMaxSide || size->second > kLogoMaxSide) {
    errors.add(std::string(field), "common.logo.too_many_pixels",
               {{"width", std::to_string(size->first)},
                {"height", std::to_string(size->second)},
                {"max", std::to_string(kLogoMaxSide)}});
    return {std::nullopt, 422};
  }
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, in, policy, org_id, ctx.user->id);
  if (!stored.ok()) {
    errors.add(std::string(field), stored.error_key, i18n::Args(stored.args.begin(), stored.args.end()));
    return {std::nullopt, stored.status};
  }
  return {stored.item->id, 200};
}

}  // namespace cityskills::web
