/*
 * Vietnamese labels for django-prose-editor's toolbar. The package writes its menu labels in English
 * ("Heading 2", "Paragraph", the buttons' tooltips) and offers no catalogue for them; its documented
 * way in is an extension (DJANGO_PROSE_EDITOR_EXTENSIONS) whose addMenuItems sees the menu. This one
 * has the lowest priority, so it runs after every extension has defined its items, and relabels them.
 * The dialogs' texts go through Django's gettext (locale/vi/LC_MESSAGES/djangojs.po).
 */
import { Extension } from "django-prose-editor/editor"

const LABELS = {
    "paragraph": "Đoạn văn",
    "bold": "Chữ đậm",
    "italic": "Chữ nghiêng",
    "underline": "Gạch chân",
    "strike": "Gạch ngang",
    "subscript": "Chỉ số dưới",
    "superscript": "Chỉ số trên",
    "code": "Mã",
    "code block": "Khối mã",
    "unordered list": "Danh sách gạch đầu dòng",
    "ordered list": "Danh sách đánh số",
    "blockquote": "Trích dẫn",
    "horizontal rule": "Đường kẻ ngang",
    "insert link": "Chèn liên kết",
    "remove link": "Bỏ liên kết",
    "figure": "Chèn ảnh có chú thích",
    "insert table": "Chèn bảng",
    "add column": "Thêm cột",
    "add row": "Thêm hàng",
    "delete column": "Xóa cột",
    "delete row": "Xóa hàng",
    "delete table": "Xóa bảng",
    "toggle header cell": "Bật/tắt ô tiêu đề",
    "merge cells": "Gộp ô",
    "split cell": "Tách ô",
    "edit html": "Sửa mã HTML",
    "undo": "Hoàn tác",
    "redo": "Làm lại",
    "block style": "Kiểu đoạn",
    "styles": "Kiểu chữ",
    "reset all classes": "Bỏ mọi kiểu",
}
// Every group the bundled extensions put items in.
const GROUPS = "blockType nodes lists headings marks link textAlign table history utility nodeClass textClass"

function vietnamese(text) {
    if (!text) {
        return null
    }
    const key = text.trim().toLowerCase()
    const heading = key.match(/^heading (\d)$/)
    if (heading) {
        return `Tiêu đề cấp ${heading[1]}`
    }
    return LABELS[key] || null
}

function relabel(element) {
    if (!element) {
        return
    }
    for (const attribute of ["title", "aria-label"]) {
        const label = vietnamese(element.getAttribute(attribute))
        if (label) {
            element.setAttribute(attribute, label)
        }
    }
    // Material buttons show an icon named by their text ("format_bold"): only plain labels change.
    const text = vietnamese(element.textContent)
    if (text && !element.classList.contains("material-icons")) {
        element.textContent = text
    }
}

export const VietnameseMenu = Extension.create({
    name: "vietnameseMenu",
    priority: 1,

    addMenuItems({ menu }) {
        for (const item of menu.items(GROUPS)) {
            relabel(item.button)
            relabel(item.option)
        }
    },
})
