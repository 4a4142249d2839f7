#pragma once
#include <string>

#include "db/database.hpp"

namespace cityskills::seed {
// Loads the sample city, its partners, demo accounts and content. Safe to run twice.
// Demo media (course videos) go under `data_dir`/media.
void demo(db::Database& db, const std::string& data_dir, bool quiet);
}
