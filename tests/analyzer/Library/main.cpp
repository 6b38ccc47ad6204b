#include <helpers.h>
#include <vendor.h>

int both(const std::string &path) { return projectCount(path, 3) + vendorCount(path); }
