#pragma once
// The archive format's limits, shared by the writer and the verifier (as
// LevelDB's db/log_format.h is by its log reader and writer): an archive
// rotproof writes never trips its own verifier. Constants only.

#include <cstddef>
#include <cstdint>

namespace rotproof::warc_format {

// Names the writer gives and the readers look for.
// The entries of a WACZ.
inline constexpr char kWarcEntry[] = "archive/data.warc.gz";
inline constexpr char kCdxjEntry[] = "indexes/index.cdxj";
// The compressed form of a large index (ZipNum): the lines in gzip members,
// and the file that locates each member.
inline constexpr char kCompressedIndexEntry[] = "indexes/index.cdx.gz";
inline constexpr char kIndexIdxEntry[] = "indexes/index.idx";
inline constexpr char kPagesEntry[] = "pages/pages.jsonl";
inline constexpr char kDatapackageEntry[] = "datapackage.json";
inline constexpr char kDatapackageDigestEntry[] = "datapackage-digest.json";
inline constexpr char kAssetsDir[] = "assets/";  // local paths of archived assets, beside the article
// The manifest's other_rewrites a verifier accepts: a <base href> made
// "./", and Robust Links attributes inserted after a rewritten attribute,
// exactly ` data-originalurl="<escaped URL>" data-versiondate="YYYY-MM-DD"`.
inline constexpr char kBaseHrefRewrite[] = "base@href";
inline constexpr char kRobustLinksRewrite[] = "robust-links";
inline constexpr char kHeldUriPrefix[] = "urn:rotproof:";  // the article's own records
inline constexpr char kOriginalUriPrefix[] = "urn:rotproof:original:";
inline constexpr char kRewrittenUriPrefix[] = "urn:rotproof:rewritten:";
inline constexpr char kManifestUriPrefix[] = "urn:rotproof:manifest:";

// One record: its WARC header, and its block inflated.
inline constexpr size_t kMaxHeaderBytes = size_t{1} << 20;
inline constexpr size_t kMaxHeaderFields = 1000;
inline constexpr uint64_t kMaxRecordBytes = uint64_t{2} << 30;
// Inflated / compressed size of one gzip member, checked past 1 MiB: more
// is a gzip bomb. Deflate tops out near 1032:1, so the writer stores a
// record that would exceed it uncompressed.
inline constexpr uint64_t kMaxInflateRatio = 1000;
inline constexpr uint64_t kRatioCheckedPast = uint64_t{1} << 20;
// The HTTP head of a request or response record.
inline constexpr size_t kMaxHttpHeadBytes = size_t{1} << 20;
// The most one response body may hold: a record, less room for the heads.
inline constexpr uint64_t kMaxBodyBytes = kMaxRecordBytes - 2 * kMaxHttpHeadBytes;
// Records the verifier reads whole (the article, its rewrite, its offline
// page, the manifest: every urn:rotproof: record): each, in memory while it
// streams past, and all together, kept in a temporary file until the
// manifest audit reads them back one article at a time.
inline constexpr uint64_t kMaxHeldRecordBytes = uint64_t{64} << 20;
inline constexpr uint64_t kMaxHeldRecordsBytes = uint64_t{4} << 30;

}  // namespace rotproof::warc_format
