#pragma once
// Builds one article's WARC records and writes them through a WarcWriter,
// collecting their CDXJ entries: request/response pairs, revisits
// (identical-payload-digest profile), resources, metadata, the warcinfo.
// Beside warc_writer, which frames and compresses what this builds.

#include <map>
#include <string>
#include <vector>

#include "rotproof/fetch.h"
#include "rotproof/wacz.h"
#include "rotproof/warc.h"

namespace rotproof {

// A record that holds a payload, for revisits to refer to.
struct StoredPayload {
  std::string record_id;
  std::string uri;
  std::string date;
};

// Makes `r` a revisit (identical-payload-digest profile) of the payload
// stored in `original`, keeping `http_head` as its block when there is one.
void MakeRevisit(WarcRecord* r, const StoredPayload& original, const std::string& payload_digest,
                 const std::string& http_head);

// Media types whose bytes are already compressed (JPEG, PNG, video...).
bool IsPrecompressedType(const std::string& media_type);

class RecordBuilder {
 public:
  // Records of the archive of article `slug`, dated `date` (W3C-DTF),
  // indexed at `timestamp` (14 digits). `writer` must outlive it.
  RecordBuilder(WarcWriter* writer, std::string slug, std::string date, std::string timestamp)
      : w_(writer), slug_(std::move(slug)), date_(std::move(date)), timestamp_(std::move(timestamp)) {}

  // A record of `type` for `uri` ("" for none), with its deterministic id:
  // the same article gives the same ids.
  WarcRecord Next(const std::string& type, const std::string& uri);
  // The warcinfo record: what wrote the archive, for which article.
  WarcRecord Warcinfo(const std::string& article);
  // A resource record of `content` under `uri`.
  WarcRecord Resource(const std::string& uri, const std::string& content_type, std::string content);
  // A revisit saying `uri` served the payload stored in `original`; keeps
  // the HTTP head when there is one.
  WarcRecord Revisit(const std::string& uri, const StoredPayload& original, const std::string& payload_digest,
                     const std::string& http_head);

  // Writes `r`; indexes it under `uri` when `mime` is set.
  Status Write(const WarcRecord& r, const std::string& uri = "", const std::string& mime = "", int status = 200);

  // Writes request + response (or a revisit, when the payload is already
  // stored) for every exchange of `outcomes`, and a resource record for a
  // local file's. Returns, per exchange, the record holding its payload.
  Result<std::map<const Exchange*, StoredPayload>> WriteExchanges(const std::vector<const FetchOutcome*>& outcomes);

  const std::string& date() const { return date_; }
  std::vector<CdxjEntry> TakeIndex() { return std::move(index_); }

 private:
  Result<StoredPayload> WriteLocalFile(const Exchange& x);

  WarcWriter* w_;
  std::string slug_, date_, timestamp_, warcinfo_id_;
  int n_ = 0;
  std::vector<CdxjEntry> index_;
};

}  // namespace rotproof
