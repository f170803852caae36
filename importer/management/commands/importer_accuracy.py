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
        # The original pages and the real corpus are not part of the repository: whoever has them names
        # their folders.
        parser.add_argument("--seeds", default=None, help="Thư mục các trang bài gốc (không có trong kho mã).")
        parser.add_argument("--expected", default=str(SEED_EXPECTATIONS), help="Kết quả mong đợi cho các seeds.")
        parser.add_argument(
            "--real",
            default=None,
            help="Thư mục bộ bài thật: articles/NN.txt và expected.json (không có trong kho mã).",
        )
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, corpus, seeds, expected, real, json, **options):
        corpus_dir = Path(corpus)
        seeds_dir, real_dir = (Path(seeds) if seeds else None), (Path(real) if real else None)
        if not corpus_dir.is_dir():
            raise CommandError(f"Không thấy thư mục bài mẫu {corpus_dir}.")
        reports = {}
        real_cases = []
        if real_dir is None:
            self.stderr.write("Bỏ qua bộ bài thật: cho thư mục của nó bằng --real.")
        elif (real_dir / "expected.json").is_file():
            real_cases = accuracy.real_corpus_cases(real_dir)
            reports["real"] = accuracy.evaluate(real_cases)
        else:
            self.stderr.write(f"Bỏ qua bộ bài thật: không thấy {real_dir / 'expected.json'}.")
        reports["corpus"] = accuracy.evaluate(accuracy.corpus_cases(corpus_dir))
        if seeds_dir is None:
            self.stderr.write("Bỏ qua seeds: cho thư mục các trang bài gốc bằng --seeds.")
        elif seeds_dir.is_dir() and Path(expected).exists():
            reports["seeds"] = accuracy.evaluate(accuracy.seed_cases(seeds_dir, Path(expected)))
        else:
            self.stderr.write(f"Bỏ qua seeds: không thấy {seeds_dir} hoặc {expected}.")
        if json:
            self.stdout.write(self._as_json(reports, real_cases))
            return
        titles = {
            "real": f"Bộ bài thật ({real_dir})",
            "corpus": f"Bộ bài mẫu tự viết ({corpus_dir})",
            "seeds": f"Trang bài gốc ({seeds_dir})",
        }
        for key, report in reports.items():
            for line in accuracy.format_report(titles[key], report):
                self.stdout.write(line)
            if key == "real":
                self.stdout.write(self._targets_line(report, real_cases))

    def _targets(self, report, cases):
        signing = report.accuracy("is_signing_event")
        period = report.accuracy("programme.period_start_year"), report.accuracy("programme.period_end_year")
        return {
            "is_signing_event": signing,
            "period": (sum(p[0] for p in period), sum(p[1] for p in period)),
            "parties_f1": accuracy.f1(report, "programme.parties"),
            "signing_date_where_stated": accuracy.stated_accuracy(report, cases, "programme.signing_date"),
        }

    def _targets_line(self, report, cases):
        t = self._targets(report, cases)
        return (
            f"  mục tiêu: ký kết {t['is_signing_event'][0]}/{t['is_signing_event'][1]}, "
            f"giai đoạn (đầu + cuối) {t['period'][0]}/{t['period'][1]}, "
            f"F1 bên tham gia {100 * t['parties_f1']:.0f}%, "
            f"ngày ký khi bài có ghi {t['signing_date_where_stated'][0]}/{t['signing_date_where_stated'][1]}"
        )

    def _as_json(self, reports, real_cases):
        out = {}
        for key, report in reports.items():
            fields = {}
            for name in accuracy.FIELDS:
                correct, total = report.accuracy(name)
                if total:
                    fields[name] = {"correct": correct, "total": total}
            out[key] = {"cases": report.cases, "fields": fields, "failures": report.failures}
            if key == "real":
                out[key]["targets"] = self._targets(report, real_cases)
        return json.dumps(out, ensure_ascii=False, indent=2)
