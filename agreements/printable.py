"""What a programme puts on paper (``core.printable``): its print sheet and its QR code."""

from django.db.models import Prefetch

from core.printable import Printable, moment, states_from_history


def printed_programme(programme, parties, signatories, commitments) -> dict:
    """What the programme's print sheet shows (organizations by id: renaming a party in the directory
    is not an edit of the programme); model instances or history rows."""
    return {
        "title": programme.title,
        "reference_number": programme.reference_number,
        "signing_date": moment(programme.signing_date),
        "venue": programme.venue,
        "period": [programme.start_year, programme.end_year],
        "summary": programme.summary,
        "parties": [[p.organization_id, p.role] for p in sorted(parties, key=lambda p: (p.order, p.id))],
        "signatories": [
            [s.name, s.position, s.organization_id] for s in sorted(signatories, key=lambda s: (s.order, s.id))
        ],
        "commitments": [[c.number, c.title, c.description] for c in sorted(commitments, key=lambda c: c.number)],
    }


class PrintableProgramme(Printable):
    print_noun = "Chương trình"
    print_kind = "programme"
    print_template = "agreements/programme_print.html"
    qr_filename = "ma-qr-chuong-trinh-{pk}.png"

    @classmethod
    def printable(cls, user):
        parts = {name: cls._meta.get_field(name).related_model for name in ("parties", "signatories", "commitments")}
        return cls.objects.visible_to(user).prefetch_related(
            Prefetch("parties", queryset=parts["parties"].objects.select_related("organization")),
            Prefetch("signatories", queryset=parts["signatories"].objects.select_related("organization")),
            Prefetch("commitments", queryset=parts["commitments"].objects.all()),
        )

    def is_public(self) -> bool:
        return self.is_published

    def printed_content(self) -> dict:
        return printed_programme(self, self.parties.all(), self.signatories.all(), self.commitments.all())

    def printed_states(self):
        return states_from_history(
            main=type(self).history.filter(id=self.pk),
            children={
                name: self._meta.get_field(name).related_model.history.filter(programme_id=self.pk)
                for name in ("parties", "signatories", "commitments")
            },
            content=lambda record, parts: printed_programme(
                record, parts["parties"], parts["signatories"], parts["commitments"]
            ),
        )

    def print_context(self) -> dict:
        parties = list(self.parties.all())
        signatories = list(self.signatories.all())
        signing = [
            {"party": party, "signatories": [s for s in signatories if s.organization_id == party.organization_id]}
            for party in parties
        ]
        return {"parties": parties, "signing": signing, "commitments": list(self.commitments.all())}
