import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importer import accuracy

CORPUS = Path(settings.BASE_DIR) / "tests" / "importer" / "corpus"
SEED_EXPECTATIONS = Path(settings.BASE_DIR) / "tests" / "importer" / "seed_expectations.json"


class Command(BaseCommand):
    help = "Độ chính xác của bộ đọc bài, theo từng trường, trên bộ bài mẫu tự viết và các trang bài gốc (seeds)."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(CORPUS), help="Thư mục bài mẫu (NN_ten.txt + NN_ten.json).")
        # The original pages are not part of the repository: whoever has them names their folder.
        parser.add_argument("--seeds", default=None, help="Thư mục các trang bài gốc (không có trong kho mã).")
        parser.add_argument("--expected", default=str(SEED_EXPECTATIONS), help="Kết quả mong đợi cho các seeds.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, corpus, seeds, expected, json, **options):
        corpus_dir, seeds_dir = Path(corpus), Path(seeds) if seeds else None
        if not corpus_dir.is_dir():
            raise CommandError(f"Không thấy thư mục bài mẫu {corpus_dir}.")
        reports = {"corpus": accuracy.evaluate(accuracy.corpus_cases(corpus_dir))}
        if seeds_dir is None:
            self.stderr.write("Bỏ qua seeds: cho thư mục các trang bài gốc bằng --seeds.")
        elif seeds_dir.is_dir() and Path(expected).exists():
            reports["seeds"] = accuracy.evaluate(accuracy.seed_cases(seeds_dir, Path(expected)))
        else:
            self.stderr.write(f"Bỏ qua seeds: không thấy {seeds_dir} hoặc {expected}.")
        if json:
            self.stdout.write(self._as_json(reports))
            return
        titles = {"corpus": f"Bộ bài mẫu ({corpus_dir})", "seeds": f"Trang bài gốc ({seeds_dir})"}
        for key, report in reports.items():
            for line in accuracy.format_report(titles[key], report):
                self.stdout.write(line)

    def _as_json(self, reports):
        out = {}
        for key, report in reports.items():
            fields = {}
            for name in accuracy.FIELDS:
                correct, total = report.accuracy(name)
                if total:
                    fields[name] = {"correct": correct, "total": total}
            out[key] = {"cases": report.cases, "fields": fields, "failures": report.failures}
        return json.dumps(out, ensure_ascii=False, indent=2)
