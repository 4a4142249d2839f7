#pragma once
// Learning records in xAPI 1.0.3 (decision note 0034, docs/xapi.md): what people do in courses,
// events and credentials becomes statements in an outbox, written with the fact itself, and
// the job queue delivers them to the Learning Record Store the platform administrator
// configures (/admin/xapi): retried while the store is away, each statement sent until it is
// accepted, under the id it was given once.
#include "web/app.hpp"

namespace cityskills::xapi {

// /admin/xapi and the delivery job.
void register_routes(web::App& app);
// The outbox as listener of web::learning_record.
void register_extensions();

}  // namespace cityskills::xapi
