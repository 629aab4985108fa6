#include "rotproof/link_report.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "rotproof/fs.h"
#include "rotproof/text.h"

namespace rotproof {
namespace {

// A host whose URLs were unwrapped by structure, and the rule that would
// name it.
struct StructuralHost {
  std::string host;
  size_t references = 0;
  std::string rule;  // ready to paste under `rules:`; "" when no carrier can
};

// The rules.yaml entry for `host` with `carrier` (EmbeddedOrigin::carrier).
std::string RuleFor(const std::string& host, const std::string& carrier) {
  if (carrier.empty()) return "";
  std::string name = host;
  std::replace(name.begin(), name.end(), '.', '-');
  return "  - name: " + name + "\n    hosts: [" + host + "]\n    " + carrier + "\n";
}

struct Totals {
  size_t articles = 0, failed = 0, references = 0, origin = 0, proxy = 0, mirror = 0, dead = 0;
  int exit_code = 0;
  std::map<std::string, StructuralHost> structural;

  void Add(const JournalEntry& e) {
    ++articles;
    exit_code = std::max(exit_code, e.exit_code);
    if (e.failed) {
      ++failed;
      return;
    }
    references += e.references;
    origin += e.origin;
    proxy += e.proxy;
    mirror += e.mirror;
    dead += e.dead.size();
    for (const JournalEntry::Structural& u : e.structural) {
      StructuralHost& h = structural[u.host];
      h.host = u.host;
      ++h.references;
      if (h.rule.empty()) h.rule = RuleFor(u.host, u.carrier);
    }
  }

  // Most frequent first.
  std::vector<StructuralHost> StructuralHosts() const {
    std::vector<StructuralHost> hosts;
    for (const auto& [name, h] : structural) hosts.push_back(h);
    std::stable_sort(hosts.begin(), hosts.end(),
                     [](const StructuralHost& a, const StructuralHost& b) { return a.references > b.references; });
    return hosts;
  }
};

std::string HtmlRow(const JournalEntry& e) {
  std::string name = EscapeHtml(e.title.empty() ? e.input : e.title);
  if (e.failed)
    return "<tr><td>" + name + "</td><td colspan=\"5\" class=\"dead\">" + EscapeHtml(e.error) + "</td></tr>\n";
  std::string html = "<tr><td>" + name + "</td><td>" + EscapeHtml(e.archive) + "</td><td>" + std::to_string(e.origin) +
                     "</td><td>" + std::to_string(e.proxy) + "</td><td>" + std::to_string(e.mirror) + "</td><td>" +
                     std::to_string(e.dead.size()) + "</td></tr>\n";
  for (const JournalEntry::Dead& d : e.dead)
    html += "<tr class=\"dead\"><td></td><td colspan=\"5\">" + EscapeHtml(d.where) + " " + EscapeHtml(d.url) + ": " +
            EscapeHtml(d.reason) + "</td></tr>\n";
  return html;
}

// The hosts unwrapped by structure, with a rule to paste for each.
std::string StructuralHtml(const Totals& t) {
  std::vector<StructuralHost> hosts = t.StructuralHosts();
  if (hosts.empty()) return "";
  std::string html =
      "<h2>Proxies no rule names</h2>\n<p>Origins found by the structure of these hosts' URLs; a rule for "
      "<code>--rules</code> makes each one "
      "certain.</p>\n<table>\n<tr><th>host</th><th>references</th><th>rule</th></tr>\n";
  for (const StructuralHost& h : hosts)
    html += "<tr><td>" + EscapeHtml(h.host) + "</td><td>" + std::to_string(h.references) + "</td><td>" +
            (h.rule.empty() ? std::string("(no rule carrier fits)") : "<pre>" + EscapeHtml(h.rule) + "</pre>") +
            "</td></tr>\n";
  return html + "</table>\n";
}

std::string HtmlHead(const Totals& t) {
  return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>rotproof link-rot report</title>\n"
         "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
         "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.dead{color:#a00}</style>\n"
         "</head>\n<body>\n<h1>Link-rot report</h1>\n<p>" +
         std::to_string(t.articles) + " articles (" + std::to_string(t.failed) + " could not be archived), " +
         std::to_string(t.references) + " references: " + std::to_string(t.origin) + " archived from the origin, " +
         std::to_string(t.proxy) + " through a proxy, " + std::to_string(t.mirror) +
         " from a mirror, <span class=\"dead\">" + std::to_string(t.dead) + " dead</span>.</p>\n" + StructuralHtml(t) +
         "<table>\n<tr><th>article</th><th>archive</th><th>origin</th><th>proxy</th><th>mirror</th><th>dead</th></"
         "tr>\n";
}

// report.json up to its articles list: the closing "\n}" is left off.
std::string JsonHead(const Totals& t) {
  nlohmann::ordered_json head = {{"report_version", 1},
                                 {"totals",
                                  {{"articles", t.articles},
                                   {"articles_failed", t.failed},
                                   {"references", t.references},
                                   {"origin", t.origin},
                                   {"proxy", t.proxy},
                                   {"mirror", t.mirror},
                                   {"dead", t.dead}}},
                                 {"exit_code", t.exit_code},
                                 {"structural_hosts", nlohmann::ordered_json::array()}};
  for (const StructuralHost& h : t.StructuralHosts())
    head["structural_hosts"].push_back({{"host", h.host}, {"references", h.references}, {"rule", h.rule}});
  std::string text = head.dump(2);
  text.resize(text.size() - 2);
  return text + ",\n  \"articles\": [";
}

// `text` with `indent` spaces before each line but the first.
std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += indent;
  }
  return out;
}

}  // namespace

Result<int> WriteReports(Journal& journal, const std::vector<std::string>& inputs, const std::string& out_dir,
                         std::FILE* json_copy) {
  std::set<std::string> in_run(inputs.begin(), inputs.end());
  Totals t;
  ROTPROOF_RETURN_IF_ERROR(journal.ForEachLast([&](const JournalEntry& e) {
    if (in_run.count(e.input)) t.Add(e);
  }));
  auto json = PendingFile::Create(out_dir + "/report.json");
  if (!json.ok()) return json.status();
  auto html = PendingFile::Create(out_dir + "/report.html");
  if (!html.ok()) return html.status();
  bool written = true;
  auto emit = [&written](std::FILE* f, const std::string& text) {
    written = std::fputs(text.c_str(), f) != EOF && written;
  };
  auto emit_json = [&](const std::string& text) {
    emit(json->file(), text);
    if (json_copy != nullptr) emit(json_copy, text);
  };
  emit_json(JsonHead(t));
  emit(html->file(), HtmlHead(t));
  size_t rows = 0;
  ROTPROOF_RETURN_IF_ERROR(journal.ForEachLast([&](const JournalEntry& e) {
    if (!in_run.count(e.input)) return;
    emit_json(std::string(rows++ == 0 ? "\n    " : ",\n    ") + Indented(e.ToJson(2), "    "));
    emit(html->file(), HtmlRow(e));
  }));
  emit_json(rows == 0 ? "]\n}\n" : "\n  ]\n}\n");
  emit(html->file(), "</table>\n</body>\n</html>\n");
  if (!written) return Status::IoError(out_dir + ": cannot write the report");
  ROTPROOF_RETURN_IF_ERROR(json->Commit());
  ROTPROOF_RETURN_IF_ERROR(html->Commit());
  return t.exit_code;
}

Result<int> MergeReports(const std::vector<std::string>& out_dirs, const std::string& merged_dir,
                         std::FILE* json_copy) {
  std::error_code ec;
  std::filesystem::create_directories(merged_dir, ec);
  if (ec) return Status::IoError(merged_dir + ": cannot create it");
  auto merged = Journal::Open(merged_dir, /*resume=*/false);
  if (!merged.ok()) return merged.status();
  std::vector<std::string> inputs;
  std::set<std::string> seen;
  for (const std::string& dir : out_dirs) {
    if (!IsBatchOutputDir(dir)) return Status::InvalidInput(dir + ": not an OUTDIR of rotproof archive (no journal)");
    auto journal = Journal::Open(dir, /*resume=*/true);
    if (!journal.ok()) return journal.status();
    Status appended;
    ROTPROOF_RETURN_IF_ERROR(journal->ForEachLast([&](const JournalEntry& e) {
      if (seen.insert(e.input).second) inputs.push_back(e.input);
      if (appended.ok()) appended = merged->Append(e);
    }));
    ROTPROOF_RETURN_IF_ERROR(appended);
  }
  return WriteReports(*merged, inputs, merged_dir, json_copy);
}

}  // namespace rotproof
