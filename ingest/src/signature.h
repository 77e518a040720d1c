// Private to the metadata extractor: the end of a document (Nghị định 30/2020/NĐ-CP, Phụ lục I,
// boxes 7 and 9): the signature block and the "Nơi nhận" list, and a Công văn's "Kính gửi" list.
//
// Poppler's default mode reads the two bottom columns by blocks, so the signature titles can
// land between "Nơi nhận:" and its entries and the signer's name after the last entry; the
// readers skip what belongs to the other column instead of expecting one order.
#pragma once

#include <cstddef>
#include <vector>

#include "doc_text.h"

namespace vanban::metadata_internal {

struct SignatureInfo {
  U32 signer;
  U32 title;       // running-text form, e.g. "Phó Chủ tịch"
  U32 competence;  // the outermost quyền hạn: "TM.", "KT.", "TL.", "TUQ.", "Q." or empty
  U32 titles;      // the block's title lines as written, one per line
};

// The first signature block at or after line `from`: authority lines (TM./KT./TL./TUQ./Q.),
// position titles, then the name (wrapped names joined). With `signing_body` (a joint
// document's lead body, running-text form), the first block whose titles name that body
// ("KT. BỘ TRƯỞNG BỘ TÀI CHÍNH" for "Bộ Tài chính"), else the first block.
SignatureInfo ReadSignature(const Prepared& text, size_t from, U32View signing_body = {});

// Where OCR lost the signature titles: the signer's name alone on the last line with text,
// right after the Nơi nhận list's office copy ("- Lưu: VT." / "Đàm Quang Vinh"); empty when
// anything else follows.
U32 ReadNameAfterList(const Prepared& text, size_t from);

// A signer's name whose family or middle name OCR read without marks ("Than Van Lực", "Mac
// Văn Tường"), with them ("Thân Văn Lực"): family names (the first word) and middle names from
// closed tables, only where the mark-less form has one spelling there; never the given name.
// `name` itself when nothing changes.
U32 RestoreNameMarks(const U32& name);

// Entries of the first list introduced by `folded_label` ("noi nhan", "kinh gui") at the start
// of a cell, at or after line `from` and before line `to`: "- Như Điều 3;" -> "Như Điều 3".
// `found` tells whether the list was found: its label, or for "noi nhan" a list whose label
// OCR lost (bulleted entries right after the "./." that closes the body, the last one the
// office's copy, "- Lưu: VT.").
std::vector<U32> ReadLabelledList(const Prepared& text, std::string_view folded_label, size_t from,
                                  size_t to, bool* found);

}  // namespace vanban::metadata_internal
