from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from units.models import Organisation

from .reading import MAX_FILE_BYTES


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Staff file (CSV or XLSX)"),
        help_text=_("The first row names the columns. At most 5 MB and 20,000 rows."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    create_units = forms.BooleanField(
        label=_("Add the units that the file names and the organisation does not have yet"),
        required=False,
    )

    def __init__(self, *args, organisations=(), may_create_units=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        # With one organisation there is nothing to choose.
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation is not None:
            del self.fields["organisation"]
        if not may_create_units:
            del self.fields["create_units"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB. Split it into smaller files.")
                % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        if self.only_organisation is not None:
            data["organisation"] = self.only_organisation
        return data


class OrganisationStartForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    admin_email = forms.EmailField(label=_("Email of its first admin"), max_length=254)
    admin_name = forms.CharField(label=_("Name of its first admin"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.DEFAULT_LANGUAGE,
    )
