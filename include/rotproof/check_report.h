#pragma once
// What `rotproof check` found, for people and tools: JSON
// (schemas/check-report.schema.json), Markdown to paste into an issue,
// JUnit XML for CI, and an HTML page (per article and per host, with the
// history as an inline SVG chart) that loads nothing from the network.

#include <string>

#include "rotproof/check_run.h"

namespace rotproof {

std::string CheckReportJson(const CheckReport& report);
std::string CheckReportMarkdown(const CheckReport& report);
// One test suite per article, one test case per link: a failing state is a
// <failure>, blocked is <skipped> (it says nothing either way).
std::string CheckReportJunit(const CheckReport& report);
std::string CheckReportHtml(const CheckReport& report);

}  // namespace rotproof
