#include "zip_edit.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <nlohmann/json.hpp>

#include "gzip.h"
#include "rotproof/archive_handles.h"
#include "rotproof/content_coding.h"
#include "rotproof/digest.h"
#include "rotproof/sign.h"
#include "rotproof/warc_reader.h"
#include "rotproof/zip_reader.h"

namespace rotproof::testing {

void WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  ArchiveWritePtr w(archive_write_new());
  archive_write_set_format_zip(w.get());
  archive_write_zip_set_compression_store(w.get());
  archive_write_open_filename(w.get(), path.c_str());
  for (const auto& [name, data] : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
    archive_write_header(w.get(), entry);
    archive_write_data(w.get(), data.data(), data.size());
    archive_entry_free(entry);
  }
  archive_write_close(w.get());
}

void EditZip(const std::string& in, const std::string& out,
             const std::function<bool(const std::string&, std::string*)>& edit) {
  auto contents = ReadZip(in);
  if (!contents.ok()) {
    ADD_FAILURE() << contents.status().message();
    return;
  }
  std::vector<std::pair<std::string, std::string>> kept;
  for (ZipEntry& e : contents->entries)
    if (edit(e.name, &e.data)) kept.emplace_back(e.name, std::move(e.data));
  WriteZip(out, kept);
}

std::string EditWarcGz(const std::string& gz, const std::function<bool(size_t, std::string*)>& edit) {
  std::vector<ReadIssue> issues;
  std::vector<WarcRecordView> records = ReadWarcGz(gz, &issues);
  std::string out;
  for (size_t i = 0; i < records.size(); ++i) {
    std::string text = DecodeContent(std::string_view(gz).substr(records[i].offset, records[i].length), "gzip").value();
    if (edit(i, &text)) out += Gzip(text);
  }
  return out;
}

void Reseal(const std::string& in, const std::string& out, bool keep_signature, const std::string& sign_key) {
  auto contents = ReadZip(in);
  ASSERT_TRUE(contents.ok());
  std::map<std::string, std::string> data;
  for (const ZipEntry& e : contents->entries) data[e.name] = e.data;
  nlohmann::ordered_json dp = nlohmann::ordered_json::parse(data["datapackage.json"]);
  for (auto& res : dp["resources"]) {
    const std::string& bytes = data[res["path"].get<std::string>()];
    res["hash"] = Sha256Digest(bytes);
    res["bytes"] = bytes.size();
  }
  std::string dp_text = dp.dump(2);
  nlohmann::ordered_json digest_json = {{"path", "datapackage.json"}, {"hash", Sha256Digest(dp_text)}};
  nlohmann::ordered_json old = nlohmann::ordered_json::parse(data["datapackage-digest.json"]);
  if (keep_signature && old.contains("signedData")) digest_json["signedData"] = old["signedData"];
  if (!sign_key.empty()) {
    auto sig = SignHash(digest_json["hash"], sign_key);
    ASSERT_TRUE(sig.ok()) << sig.status().ToString();
    digest_json["signedData"] = {{"hash", digest_json["hash"]},
                                 {"created", dp["created"]},
                                 {"software", "forger"},
                                 {"signature", sig->signature},
                                 {"publicKey", sig->public_key}};
  }
  std::string digest = digest_json.dump(2);
  EditZip(in, out, [&](const std::string& name, std::string* d) {
    if (name == "datapackage.json") *d = dp_text;
    if (name == "datapackage-digest.json") *d = digest;
    return true;
  });
}

void SetField(std::string* record, const std::string& name, const std::string& value) {
  size_t start = record->find("\r\n" + name + ": ");
  if (start == std::string::npos || start > record->find("\r\n\r\n")) {
    ADD_FAILURE() << "no field " << name;
    return;
  }
  start += 2;
  size_t end = record->find("\r\n", start);
  record->replace(start, end - start, name + ": " + value);
}

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos; at = text->find(from, at + to.size()))
    text->replace(at, from.size(), to);
}

void RefreshRecord(std::string* record) {
  size_t head_end = record->find("\r\n\r\n");
  std::string block = record->substr(head_end + 4, record->size() - head_end - 8);
  SetField(record, "Content-Length", std::to_string(block.size()));
  SetField(record, "WARC-Block-Digest", Sha256Digest(block));
}

}  // namespace rotproof::testing
