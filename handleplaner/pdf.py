"""The plan as an accessible PDF (PDF/UA-1). Reuses visitation's WeasyPrint helper, which
fetches nothing but our own static files. Rendered in the request: the document is small
(a few pages) and always reflects the viewer's filtered tree."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bostotte.core.models import Sag
from visitation.pdf import render_pdf


def plan_pdf_render(*, request: HttpRequest, sag: Sag, tree: Any) -> bytes:
    return render_pdf("handleplaner/plan_print.html", {"sag": sag, "tree": tree, "pdf": True, "user": request.user})
