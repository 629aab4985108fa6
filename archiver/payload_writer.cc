#include "payload_writer.h"

#include <cstdio>
#include <filesystem>

#include "rotproof/warc_format.h"

namespace rotproof {

void PayloadWriter::OnHeader(const WarcRecordView& r) {
  current_.clear();
  auto [begin, end] = wanted_.equal_range(r.Field("WARC-Record-ID"));
  for (auto it = begin; it != end; ++it) current_.push_back({it->second, nullptr, {}});
  if (current_.empty()) return;
  http_ = r.Field("Content-Type").rfind("application/http", 0) == 0;
  head_.clear();
  hash_ = Sha256();
  decoder_.reset();
  if (!http_) StartPayload("");
}

void PayloadWriter::OnBlock(std::string_view bytes) {
  if (current_.empty()) return;
  if (http_ && !decoder_) {
    size_t old = head_.size();
    head_.append(bytes.substr(0, warc_format::kMaxHttpHeadBytes));
    size_t end = head_.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (head_.size() >= warc_format::kMaxHttpHeadBytes) Fail("HTTP head longer than 1 MiB");
      return;
    }
    head_.resize(end + 4);
    bytes.remove_prefix(end + 4 - old);
    StartPayload(ContentEncodingOf(head_));
  }
  if (!decoder_) return;
  hash_.Update(bytes);
  if (Status st = decoder_->Feed(bytes, Writer()); !st.ok()) Fail(st.message());
}

void PayloadWriter::OnEnd(const WarcRecordView&, bool whole) {
  if (current_.empty()) return;
  if (!whole) Fail("its record is damaged");
  if (decoder_) {
    if (Status st = decoder_->Finish(Writer()); !st.ok()) Fail(st.message());
    std::string digest = hash_.Finish();
    for (Open& o : current_)
      if (o.target->problem.empty() && !o.target->expected_digest.empty() && o.target->expected_digest != digest)
        o.target->problem = o.target->label + " does not match its digest";
  }
  for (Open& o : current_) Close(o);
  current_.clear();
  decoder_.reset();
}

void PayloadWriter::StartPayload(const std::string& coding) {
  auto decoder = ContentDecoder::Create(coding, limits_);
  if (!decoder.ok()) return Fail(decoder.status().message());
  decoder_.emplace(std::move(decoder).value());
  for (Open& o : current_) {
    if (!o.target->problem.empty() || !o.target->css.empty()) continue;
    o.file.reset(std::fopen(o.target->file.c_str(), "wb"));
    if (!o.file) o.target->problem = o.target->file.string() + ": cannot write";
  }
}

DecodedSink PayloadWriter::Writer() {
  return [this](std::string_view piece) {
    for (Open& o : current_) {
      if (!o.target->problem.empty()) continue;
      if (!o.target->css.empty()) {
        if (o.css.size() + piece.size() > kMaxStylesheetBytes) {
          o.target->problem = o.target->label + ": stylesheet larger than " + std::to_string(kMaxStylesheetBytes);
          continue;
        }
        o.css.append(piece);
      } else if (std::fwrite(piece.data(), 1, piece.size(), o.file.get()) != piece.size()) {
        o.target->problem = o.target->file.string() + ": cannot write";
      }
    }
    return Status::Ok();
  };
}

void PayloadWriter::Close(Open& o) {
  PayloadTarget& t = *o.target;
  if (t.problem.empty() && !t.css.empty()) {
    auto spliced = ApplySplices(o.css, t.css);
    if (!spliced.ok()) {
      t.problem = t.label + ": " + spliced.status().message();
    } else {
      o.file.reset(std::fopen(t.file.c_str(), "wb"));
      if (!o.file || std::fwrite(spliced->data(), 1, spliced->size(), o.file.get()) != spliced->size())
        t.problem = t.file.string() + ": cannot write";
    }
  }
  bool closed = !o.file || std::fclose(o.file.release()) == 0;
  if (t.problem.empty() && !closed) t.problem = t.file.string() + ": cannot write";
  std::error_code ec;
  if (!t.problem.empty()) std::filesystem::remove(t.file, ec);
}

void PayloadWriter::Fail(const std::string& why) {
  for (Open& o : current_)
    if (o.target->problem.empty()) o.target->problem = o.target->label + ": " + why;
}

}  // namespace rotproof
