"""The import page: a coordinator uploads a CSV/XLSX file and gets a report per row and column."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View

from lvv.accounts.roles import Capability
from lvv.core.pages import CapabilityRequiredMixin

from ..access import is_coordinator
from ..imports import COLUMNS, UnreadableFile, parse_rows, read_table
from ..services.imports import clients_import

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Registration file"),
        help_text=_("A .csv (UTF-8, comma or semicolon) or .xlsx file with a header row."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file, import nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ClientImportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CLIENT_FILES
    template_name = "cases/import.html"

    def _check(self):
        if not is_coordinator(self.actor):
            raise PermissionDenied

    def get(self, request):
        self._check()
        return self._render(ImportForm())

    def post(self, request):
        self._check()
        form = ImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = read_table(upload.read(), upload.name)
            except UnreadableFile as error:
                form.add_error("file", str(error))
            else:
                report = clients_import(
                    actor=self.actor,
                    municipality=self.actor.organisation.municipality,
                    parsed=parse_rows(table),
                    dry_run=form.cleaned_data["dry_run"],
                )
        status = 400 if (report is not None and not report.ok) or form.errors else 200
        return self._render(
            form,
            report,
            dry_run=form.cleaned_data.get("dry_run") if form.is_bound and form.is_valid() else None,
            status=status,
        )

    def _render(self, form, report=None, dry_run=None, status=200):
        context = {"form": form, "report": report, "dry_run": dry_run, "columns": COLUMNS}
        return render(self.request, self.template_name, context, status=status)


urlpatterns = [path("importeren", ClientImportView.as_view(), name="client-import")]
