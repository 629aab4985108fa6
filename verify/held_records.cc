#include "held_records.h"

#include <cstdio>

namespace rotproof {

void HeldRecords::Keep(const RecordPlace& place, ScannedRecord&& record) {
  if (!file_) file_.reset(std::tmpfile());
  const std::string& block = record.header.block;
  const uint64_t size = block.size();
  if (!file_ || fseeko(file_.get(), static_cast<off_t>(end_), SEEK_SET) != 0 ||
      std::fwrite(block.data(), 1, size, file_.get()) != size)
    return;
  Kept kept{std::move(record), end_, size};
  end_ += size;
  kept.record.header.block.clear();
  kept.record.header.block.shrink_to_fit();
  kept_.insert_or_assign(place, std::move(kept));
}

const ScannedRecord* HeldRecords::Load(const RecordPlace& place) {
  auto it = kept_.find(place);
  if (it == kept_.end()) return nullptr;
  Kept& kept = it->second;
  std::string& block = kept.record.header.block;
  if (block.size() == kept.size) return &kept.record;  // loaded already
  block.resize(kept.size);
  if (std::fflush(file_.get()) != 0 || fseeko(file_.get(), static_cast<off_t>(kept.at), SEEK_SET) != 0 ||
      std::fread(block.data(), 1, block.size(), file_.get()) != block.size()) {
    block.clear();
    return nullptr;
  }
  loaded_.push_back(&kept.record);
  return &kept.record;
}

void HeldRecords::Release() {
  for (ScannedRecord* r : loaded_) {
    r->header.block.clear();
    r->header.block.shrink_to_fit();
  }
  loaded_.clear();
}

void HeldRecords::DropWarc(const std::string& warc) {
  Release();
  std::erase_if(kept_, [&](const auto& kept) { return kept.first.first == warc; });
}

}  // namespace rotproof
