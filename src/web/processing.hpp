#pragma once
// The two usual records of processing (see web::declare_personal_data): on the public task, with
// their purpose and data under processing.<feature>.<activity>.purpose / .data — content people
// publish or contribute, kept as long as the content; and what is kept with a person's account,
// as long as the account.
#include <string>
#include <vector>

namespace cityskills::web {

void declare_content_data(std::string feature, std::string activity, std::vector<std::string> recipients,
                          std::vector<std::string> tables);
void declare_account_data(std::string feature, std::string activity, std::vector<std::string> recipients,
                          std::vector<std::string> tables);

}  // namespace cityskills::web
