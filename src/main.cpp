#include "cli.hpp"

int main(int argc, char** argv) { return cityskills::cli::run(argc, argv); }
