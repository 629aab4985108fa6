#include "rotproof/verify_report.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace rotproof {
namespace {

const char* Verdict(const VerifyReport& r, const VerifyOptions& o) {
  switch (r.ExitCode(o)) {
    case 0:
      return "OK";
    case 1:
      return r.HasErrors() ? "DEFECTIVE" : o.strict && r.HasWarnings() ? "WARNINGS" : "INCOMPLETE";
    default:
      return "UNREADABLE";
  }
}

// `text` with control characters shown as \xNN: an archive's bytes must not
// move the cursor, recolour or rewrite the terminal that reads the report.
std::string Printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

nlohmann::ordered_json ArchiveJson(const VerifyReport& r, const VerifyOptions& o) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : r.findings)
    findings.push_back({{"code", f.code},
                        {"severity", f.severity == Severity::kError ? "error" : "warning"},
                        {"where", f.where},
                        {"message", f.message}});
  return {{"archive", r.archive},
          {"verdict", Verdict(r, o)},
          {"exit_code", r.ExitCode(o)},
          {"records", r.records},
          {"rotproof_profile", r.rotproof_profile},
          {"references", r.references},
          {"archived", r.archived},
          {"findings", findings}};
}

}  // namespace

std::string FormatText(const VerifyReport& r, const VerifyOptions& o) {
  std::string out = Printable(r.archive) + ": " + Verdict(r, o);
  if (!r.unreadable && r.rotproof_profile)
    out += " (" + std::to_string(r.records) + " records, " + std::to_string(r.references) + " references, " +
           std::to_string(r.archived) + " archived)";
  else if (!r.unreadable)
    out += " (" + std::to_string(r.records) + " records)";
  out += "\n";
  for (const Finding& f : r.findings)
    out += "  " + f.code + " " + Printable(f.where) + ": " + Printable(f.message) + "\n";
  return out;
}

std::string FormatJson(const std::vector<VerifyReport>& reports, const VerifyOptions& o) {
  nlohmann::ordered_json archives = nlohmann::ordered_json::array();
  for (const VerifyReport& r : reports) archives.push_back(ArchiveJson(r, o));
  return nlohmann::ordered_json{{"report_version", 1}, {"archives", archives}}.dump(
             2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

std::string FormatJsonLine(const VerifyReport& report, const VerifyOptions& o) {
  return ArchiveJson(report, o).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace rotproof
