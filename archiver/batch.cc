#include "rotproof/batch.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "rotproof/digest.h"
#include "rotproof/fs.h"
#include "rotproof/text.h"

namespace rotproof {
namespace {

namespace fs = std::filesystem;

bool IsArticleFile(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm";
}


constexpr char kJournalName[] = ".rotproof-journal.sqlite";

// One row per input: its last entry, and when it was first journaled (the
// report's order). WAL with exclusive locking: a commit costs no fsync of
// the database, a power cut loses at most the last few commits (those
// articles are archived again), and no shared-memory file is needed, so an
// OUTDIR on NFS works.
constexpr char kJournalSchema[] = R"(
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS articles (input TEXT PRIMARY KEY, first INTEGER, entry TEXT);
CREATE INDEX IF NOT EXISTS articles_by_first ON articles (first);
)";

}  // namespace

Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& args,
                                              const std::vector<std::string>& url_lists,
                                              std::vector<std::string>* skipped) {
  std::vector<std::string> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (a.rfind("http://", 0) != 0 && a.rfind("https://", 0) != 0 && fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      fs::path root = fs::canonical(a, ec);
      // Directory links are not followed (the iterator's default); a file
      // link is followed only while it stays inside the tree, so a post
      // linked to /etc/passwd never reaches an archive.
      for (auto it = fs::recursive_directory_iterator(a, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!IsArticleFile(it->path()) || !it->is_regular_file(ec)) continue;
        if (it->is_symlink(ec)) {
          fs::path target = fs::canonical(it->path(), ec);
          auto [end, rest] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
          if (ec || end != root.end()) {
            skipped->push_back(it->path().string() + ": skipped: a symbolic link to " + target.string() +
                               ", outside " + a);
            continue;
          }
        }
        found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(a);
    }
  }
  for (const std::string& list : url_lists) {
    std::ifstream file;
    if (list != "-") {
      file.open(list);
      if (!file) return Status::NotFound(list + ": cannot open URL list");
    }
    std::istream& in = list == "-" ? std::cin : file;
    std::string line;
    while (std::getline(in, line)) {
      line.erase(0, line.find_first_not_of(" \t"));
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
      if (!line.empty() && line[0] != '#') out.push_back(line);
    }
  }
  return out;
}

std::vector<std::string> Shard(const std::vector<std::string>& inputs, int k, int n) {
  std::vector<std::string> out;
  for (const std::string& input : inputs) {
    // Not the path, so machines that mount the blog at different places
    // still agree.
    std::string hex = Sha256Digest(SlugForInput(input)).substr(7, 15);
    if (std::stoull(hex, nullptr, 16) % static_cast<uint64_t>(n) == static_cast<uint64_t>(k - 1))
      out.push_back(input);
  }
  return out;
}

std::map<std::string, std::string> ArchiveNames(const std::vector<std::string>& inputs) {
  std::map<std::string, std::string> names;
  std::set<std::string> taken;
  for (const std::string& input : inputs) {
    if (names.count(input)) continue;
    std::string name = SlugForInput(input);
    if (!taken.insert(name).second) {
      name += "-" + Sha256Digest(input).substr(7, 8);
      taken.insert(name);
    }
    names.emplace(input, name);
  }
  return names;
}

Result<std::pair<int, int>> ParseShard(const std::string& text) {
  int k = 0, n = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || n < 1 || k < 1 || k > n)
    return Status::InvalidInput("--shard " + text + ": expected K/N with 1 <= K <= N");
  return std::make_pair(k, n);
}

nlohmann::ordered_json JournalEntry(const std::string& input, const Result<ArticleReport>& result) {
  nlohmann::ordered_json e = {{"input", input}};
  if (!result.ok()) {
    e["error"] = result.status().message();
    e["exit_code"] = result.status().code() == Status::Code::kNetwork ? 1 : 2;
    return e;
  }
  const ArticleReport& r = *result;
  e["archive"] = r.archive_path;
  e["title"] = r.title;
  e["references"] = r.references;
  e["bytes"] = r.bytes;
  size_t counts[4] = {};
  nlohmann::ordered_json dead = nlohmann::ordered_json::array();
  for (const ReferenceOutcome& o : r.outcomes) {
    counts[static_cast<int>(o.source)]++;
    if (o.source == ReferenceOutcome::Source::kDead)
      dead.push_back({{"where", o.where}, {"url", o.url}, {"reason", o.reason}});
  }
  e["origin"] = counts[0];
  e["proxy"] = counts[1];
  e["mirror"] = counts[2];
  e["dead"] = dead;
  e["exit_code"] = dead.empty() ? 0 : 1;
  return e;
}

Journal::Journal(std::string path, SqliteDb db)
    : path_(std::move(path)),
      db_(std::move(db)),
      upsert_(db_.Prepare("INSERT INTO articles (input, first, entry) VALUES (?, "
                          "(SELECT coalesce(max(first), 0) + 1 FROM articles), ?) "
                          "ON CONFLICT (input) DO UPDATE SET entry = excluded.entry")),
      last_(db_.Prepare("SELECT entry FROM articles WHERE input = ?")),
      all_(db_.Prepare("SELECT entry FROM articles ORDER BY first")) {}

Result<Journal> Journal::Open(const std::string& out_dir, bool resume) {
  std::error_code ec;
  // A killed run leaves its temporary files and directories (PendingFile,
  // the spool); they were never final. Only names rotproof alone makes.
  for (const auto& e : fs::directory_iterator(out_dir, ec))
    if (IsTempName(e.path().filename().string())) fs::remove_all(e.path(), ec);
  std::string path = out_dir + "/" + kJournalName;
  auto db = SqliteDb::Open(path);
  if (!db.ok()) return db.status();
  if (Status st = db->Exec(kJournalSchema); !st.ok()) {
    if (resume) return Status::Corruption(path + ": the journal is damaged or in use; run again without --resume");
    return Status::IoError(path + ": in use by another run, or not writable");
  }
  if (!resume) ROTPROOF_RETURN_IF_ERROR(db->Exec("DELETE FROM articles"));
  Journal journal(path, std::move(db).value());
  if (!journal.db_.status().ok()) return journal.db_.status();
  return journal;
}

std::optional<nlohmann::ordered_json> Journal::Last(const std::string& input) {
  if (!last_.Reset().Bind(1, input).Step()) return std::nullopt;
  return nlohmann::ordered_json::parse(last_.Text(0), nullptr, false);
}

bool Journal::Done(const std::string& input) {
  std::optional<nlohmann::ordered_json> e = Last(input);
  return e && e->is_object() && !e->contains("error") && (*e)["archive"].is_string() &&
         fs::exists((*e)["archive"].get<std::string>());
}

Status Journal::Append(const nlohmann::ordered_json& entry) {
  std::string text = entry.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string input = entry["input"].get<std::string>();
  upsert_.Reset().Bind(1, input).Bind(2, text).Step();
  return db_.status();
}

Status Journal::ForEachLast(const std::function<void(const nlohmann::ordered_json&)>& visit) {
  all_.Reset();
  while (all_.Step()) {
    auto entry = nlohmann::ordered_json::parse(all_.Text(0), nullptr, false);
    if (entry.is_object() && entry["input"].is_string()) visit(entry);
  }
  return db_.status();
}

namespace {

struct Totals {
  size_t articles = 0, failed = 0, references = 0, origin = 0, proxy = 0, mirror = 0, dead = 0;
  int exit_code = 0;
};

std::string HtmlRow(const nlohmann::ordered_json& a) {
  auto n = [](const nlohmann::ordered_json& v) { return std::to_string(v.get<size_t>()); };
  std::string title = a.value("title", "");
  std::string name = EscapeHtml(title.empty() ? a["input"].get<std::string>() : title);
  if (a.contains("error"))
    return "<tr><td>" + name + "</td><td colspan=\"5\" class=\"dead\">" + EscapeHtml(a["error"].get<std::string>()) +
           "</td></tr>\n";
  std::string html = "<tr><td>" + name + "</td><td>" + EscapeHtml(a["archive"].get<std::string>()) + "</td><td>" +
                     n(a["origin"]) + "</td><td>" + n(a["proxy"]) + "</td><td>" + n(a["mirror"]) + "</td><td>" +
                     std::to_string(a["dead"].size()) + "</td></tr>\n";
  for (const auto& d : a["dead"])
    html += "<tr class=\"dead\"><td></td><td colspan=\"5\">" + EscapeHtml(d["where"].get<std::string>()) + " " +
            EscapeHtml(d["url"].get<std::string>()) + ": " + EscapeHtml(d["reason"].get<std::string>()) + "</td></tr>\n";
  return html;
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
  ROTPROOF_RETURN_IF_ERROR(journal.ForEachLast([&](const nlohmann::ordered_json& e) {
    if (!in_run.count(e["input"].get<std::string>())) return;
    ++t.articles;
    t.exit_code = std::max(t.exit_code, e.value("exit_code", 0));
    if (e.contains("error")) {
      ++t.failed;
      return;
    }
    t.references += e.value("references", size_t{0});
    t.origin += e.value("origin", size_t{0});
    t.proxy += e.value("proxy", size_t{0});
    t.mirror += e.value("mirror", size_t{0});
    t.dead += e["dead"].size();
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
  nlohmann::ordered_json head = {{"report_version", 1},
                                 {"totals",
                                  {{"articles", t.articles},
                                   {"articles_failed", t.failed},
                                   {"references", t.references},
                                   {"origin", t.origin},
                                   {"proxy", t.proxy},
                                   {"mirror", t.mirror},
                                   {"dead", t.dead}}},
                                 {"exit_code", t.exit_code}};
  std::string head_text = head.dump(2);
  head_text.resize(head_text.size() - 2);  // the closing "\n}": articles follow
  emit_json(head_text + ",\n  \"articles\": [");
  emit(html->file(),
       "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>rotproof link-rot report</title>\n"
       "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
       "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.dead{color:#a00}</style>\n"
       "</head>\n<body>\n<h1>Link-rot report</h1>\n<p>" + std::to_string(t.articles) + " articles (" +
           std::to_string(t.failed) + " could not be archived), " + std::to_string(t.references) +
           " references: " + std::to_string(t.origin) + " archived from the origin, " + std::to_string(t.proxy) +
           " through a proxy, " + std::to_string(t.mirror) + " from a mirror, <span class=\"dead\">" +
           std::to_string(t.dead) + " dead</span>.</p>\n"
           "<table>\n<tr><th>article</th><th>archive</th><th>origin</th><th>proxy</th><th>mirror</th><th>dead</th></tr>\n");
  size_t rows = 0;
  ROTPROOF_RETURN_IF_ERROR(journal.ForEachLast([&](const nlohmann::ordered_json& e) {
    if (!in_run.count(e["input"].get<std::string>())) return;
    emit_json(std::string(rows++ == 0 ? "\n    " : ",\n    ") +
              Indented(e.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace), "    "));
    emit(html->file(), HtmlRow(e));
  }));
  emit_json(rows == 0 ? "]\n}\n" : "\n  ]\n}\n");
  emit(html->file(), "</table>\n</body>\n</html>\n");
  if (!written) return Status::IoError(out_dir + ": cannot write the report");
  ROTPROOF_RETURN_IF_ERROR(json->Commit());
  ROTPROOF_RETURN_IF_ERROR(html->Commit());
  return t.exit_code;
}

}  // namespace rotproof
