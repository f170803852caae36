"""Page furniture: lines that belong to the page, not to the article (Print, Gốc, QR Code, Tin khác ...)."""

from __future__ import annotations

import re

from core.text import fold

# Whole lines that are part of the page, not of the article (compared folded).
FURNITURE_LINES = {
    fold(s)
    for s in [
        "Print", "In", "In bài", "In bài viết", "Bản in", "Xem bản in", "Gốc", "Tiện ích thông tin", "Nguồn tin",
        "QR Code", "QR Code Fanpage", "Chúng tôi trên Mạng Xã hội", "Tin khác", "Tin mới", "Tin liên quan",
        "Bài liên quan", "Tin cùng chuyên mục", "Tin đọc nhiều", "Đọc nhiều", "Mới nhất", "Tin nổi bật",
        "Bình luận", "Bình luận của bạn", "Gửi bình luận", "Ý kiến bạn đọc", "Ý kiến của bạn", "Xem thêm",
        "Đọc thêm", "Gửi ban biên tập", "Tìm kiếm văn bản", "Chia sẻ", "Chia sẻ bài viết", "Facebook", "Zalo",
        "Twitter", "Email", "Lên đầu trang", "Về trang chủ", "Trang chủ", "Quay lại", "Từ khóa", "Từ khoá", "Tags",
        "Theo dõi", "Đánh giá bài viết", "Cỡ chữ", "Nghe bài viết", "Lưu", "Copy link", "Sao chép liên kết",
        "Tải về", "Gửi", "Phản hồi", "A A A", "A- A+", "Thích", "Bỏ qua", "Đăng nhập", "Đóng",
    ]
}  # fmt: skip

# Furniture lines after which the article is over (everything below is the page's trailer).
TRAILER_STARTS = {
    fold(s)
    for s in [
        "Tiện ích thông tin", "Tin khác", "Tin mới", "Tin liên quan", "Bài liên quan", "Tin cùng chuyên mục",
        "Tin đọc nhiều", "Đọc nhiều", "Bình luận", "Bình luận của bạn", "Gửi bình luận", "Ý kiến bạn đọc",
        "Ý kiến của bạn", "Xem thêm", "Đọc thêm", "Gửi ban biên tập", "Chia sẻ", "Chia sẻ bài viết", "Từ khóa",
        "Từ khoá", "Tags", "QR Code", "Lên đầu trang", "Tìm kiếm văn bản",
    ]
}  # fmt: skip

FURNITURE_PREFIXES = tuple(
    fold(s)
    for s in [
        "QR CODE:", "Mã QR Code", "QR Code Fanpage", "Từ khóa:", "Từ khoá:", "Tags:", "Lượt xem", "Chia sẻ:",
        "Tin liên quan:", "Bình luận (", "Copyright", "©", "Bản quyền", "Giấy phép", "Theo dõi chúng tôi",
        "Chúng tôi trên", "Xem thêm:", "Đọc thêm:",
    ]
)  # fmt: skip

# Words a copied page glues to the date line ("Print Thứ ba, 26/03/2019 15:08 Gốc").
INLINE_FURNITURE = re.compile(r"^(?:Print|In bài|In)\s+|\s+(?:Gốc|Print|In bài)$", re.I)


# "Tiếng Việt | English" or "Trang chủ | Tin tức | Liên hệ": a language switcher or a menu.
MENU_LINE = re.compile(r"[^\W\d_]+(?:\s[^\W\d_]+)?(?:\s*\|\s*[^\W\d_]+(?:\s[^\W\d_]+)?)+")


def is_furniture(line: str) -> bool:
    folded = fold(line)
    if not folded:
        return False
    return folded in FURNITURE_LINES or folded.startswith(FURNITURE_PREFIXES) or bool(MENU_LINE.fullmatch(line.strip()))


def is_trailer_start(line: str) -> bool:
    folded = fold(line).rstrip(":")
    return folded in TRAILER_STARTS or bool(re.match(r"^(binh luan|tu khoa|tags)\s*[(:]", folded))


def strip_inline_furniture(line: str) -> str:
    previous = None
    while previous != line:
        previous, line = line, INLINE_FURNITURE.sub("", line).strip()
    return line
