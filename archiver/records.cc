#include "records.h"

#include "rotproof/digest.h"
#include "rotproof/http_head.h"

namespace rotproof {
namespace {

constexpr char kRevisitProfile[] = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

bool IsStoredPayload(const Exchange& x) { return x.status >= 200 && x.status < 300 && x.body_bytes > 0; }

}  // namespace

void MakeRevisit(WarcRecord* r, const StoredPayload& original, const std::string& payload_digest,
                 const std::string& http_head) {
  r->type = "revisit";
  r->fields.push_back({"WARC-Profile", kRevisitProfile});
  r->fields.push_back({"WARC-Refers-To", original.record_id});
  r->fields.push_back({"WARC-Refers-To-Target-URI", original.uri});
  r->fields.push_back({"WARC-Refers-To-Date", original.date});
  if (!http_head.empty()) {
    r->content_type = "application/http;msgtype=response";
    r->fields.push_back({"WARC-Truncated", "length"});
    r->block = http_head;
  }
  r->payload_digest = payload_digest;
}

bool IsPrecompressedType(const std::string& media_type) {
  return media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/gif" ||
         media_type == "image/webp" || media_type == "image/avif" || media_type == "video/mp4";
}

WarcRecord RecordBuilder::Next(const std::string& type, const std::string& uri) {
  WarcRecord r;
  r.type = type;
  r.date = date_;
  r.record_id = RecordIdFor(slug_ + "|" + std::to_string(n_++) + "|" + type + "|" + uri);
  if (!uri.empty()) r.fields.push_back({"WARC-Target-URI", uri});
  if (!warcinfo_id_.empty()) r.fields.push_back({"WARC-Warcinfo-ID", warcinfo_id_});
  return r;
}

WarcRecord RecordBuilder::Warcinfo(const std::string& article) {
  WarcRecord info = Next("warcinfo", "");
  info.content_type = "application/warc-fields";
  info.block = "software: rotproof/" ROTPROOF_VERSION
               "\r\nformat: WARC File Format 1.1\r\n"
               "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
               "warc-format/warc-1.1/\r\narticle: " +
               article + "\r\n";
  return info;
}

WarcRecord RecordBuilder::Resource(const std::string& uri, const std::string& content_type, std::string content) {
  WarcRecord r = Next("resource", uri);
  r.content_type = content_type;
  r.block = std::move(content);
  r.payload_digest = Sha256Digest(r.block);
  return r;
}

WarcRecord RecordBuilder::Revisit(const std::string& uri, const StoredPayload& original,
                                  const std::string& payload_digest, const std::string& http_head) {
  WarcRecord r = Next("revisit", uri);
  MakeRevisit(&r, original, payload_digest, http_head);
  return r;
}

Status RecordBuilder::Write(const WarcRecord& r, const std::string& uri, const std::string& mime, int status) {
  auto loc = w_->Write(r);
  if (!loc.ok()) return loc.status();
  if (r.type == "warcinfo") warcinfo_id_ = r.record_id;
  if (!mime.empty()) index_.push_back({uri, timestamp_, mime, status, r.payload_digest, loc->offset, loc->length});
  return Status::Ok();
}

Result<StoredPayload> RecordBuilder::WriteLocalFile(const Exchange& x) {
  WarcRecord r = Next("resource", x.url);
  r.content_type = x.content_type;
  r.block_file = x.body_path;
  r.payload_digest = x.payload_digest;
  r.precompressed = IsPrecompressedType(x.sniffed_type);
  ROTPROOF_RETURN_IF_ERROR(Write(r, x.url, MediaTypeOf(x.content_type), static_cast<int>(x.status)));
  return StoredPayload{r.record_id, x.url, date_};
}

Result<std::map<const Exchange*, StoredPayload>> RecordBuilder::WriteExchanges(
    const std::vector<const FetchOutcome*>& outcomes) {
  std::map<const Exchange*, StoredPayload> holders;
  std::map<std::string, StoredPayload> by_digest;
  for (const FetchOutcome* o : outcomes) {
    for (const Exchange& x : o->hops) {
      if (x.local) {
        auto stored = WriteLocalFile(x);
        if (!stored.ok()) return stored.status();
        holders[&x] = *stored;
        continue;
      }
      WarcRecord req = Next("request", x.url);
      req.content_type = "application/http;msgtype=request";
      req.block = x.request_head;
      auto known = by_digest.find(x.payload_digest);
      bool dedup = IsStoredPayload(x) && known != by_digest.end();
      WarcRecord resp;
      if (dedup) {
        resp = Revisit(x.url, known->second, x.payload_digest, x.response_head);
      } else {
        resp = Next("response", x.url);
        resp.content_type = "application/http;msgtype=response";
        resp.block = x.response_head + x.body;
        resp.block_file = x.body_path;
        resp.payload_digest = x.payload_digest;
        resp.precompressed = IsPrecompressedType(x.sniffed_type);
      }
      for (WarcRecord* r : {&req, &resp})
        if (!x.ip.empty()) r->fields.push_back({"WARC-IP-Address", x.ip});
      req.fields.push_back({"WARC-Concurrent-To", resp.record_id});
      resp.fields.push_back({"WARC-Concurrent-To", req.record_id});
      ROTPROOF_RETURN_IF_ERROR(Write(req));
      ROTPROOF_RETURN_IF_ERROR(
          Write(resp, x.url, dedup ? "warc/revisit" : MediaTypeOf(x.content_type), static_cast<int>(x.status)));
      StoredPayload self{resp.record_id, x.url, date_};
      holders[&x] = dedup ? known->second : self;
      if (!dedup && IsStoredPayload(x)) by_digest.emplace(x.payload_digest, self);
    }
  }
  return holders;
}

}  // namespace rotproof
