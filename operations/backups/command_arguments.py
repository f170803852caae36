"""The arguments the archive commands share: ``backup``/``export`` write an archive, ``restore``/``import`` read one."""

DATABASE_HELP = "Bí danh cơ sở dữ liệu (mặc định: default)."


def add_output_arguments(parser):
    parser.add_argument(
        "--output",
        "-o",
        required=True,
        help="Tệp .tar.gz cần tạo, hoặc thư mục sẽ nhận tệp kpportal-backup-<thời điểm>.tar.gz.",
    )
    parser.add_argument("--database", default="default", help=DATABASE_HELP)


def add_input_arguments(parser, *, made_by, kind):
    """``made_by``: the command that makes the archive; ``kind``: what the archive is called in Vietnamese."""
    parser.add_argument("archive", help=f"Tệp .tar.gz do `manage.py {made_by}` tạo.")
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"Xoá toàn bộ dữ liệu và tệp media hiện có rồi thay bằng {kind}.",
    )
    parser.add_argument("--database", default="default", help=DATABASE_HELP)
