#pragma once
#include "db/database.hpp"

namespace cityskills::seed {
// Loads the sample city, its partners and demo accounts. Safe to run twice.
void demo(db::Database& db, bool quiet);
}
