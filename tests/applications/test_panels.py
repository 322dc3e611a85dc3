"""Other apps add sections to the HR application page through the panel registry."""

import copy

import pytest

from applications import panels
from tests.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(monkeypatch, settings, tmp_path):
    """An empty registry, and a template folder holding `extra_panel.html`."""
    monkeypatch.setattr(panels, "_providers", [])
    (tmp_path / "extra_panel.html").write_text("<section id='extra'>{{ words }}</section>")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return panels.register_application_panel


def test_registered_panel_is_rendered_on_the_application_page(hr_client, register):
    application = make_application()
    register(lambda request, app: panels.Panel("extra_panel.html", {"words": f"for {app.pk}"}))

    response = hr_client.get(f"/hr/applications/{application.pk}/")

    assert f"<section id='extra'>for {application.pk}</section>" in response.content.decode()


def test_panels_are_ordered_and_none_adds_nothing(hr_client, register):
    application = make_application()
    register(lambda request, app: panels.Panel("extra_panel.html", {"words": "second"}, order=2))
    register(lambda request, app: None)
    register(lambda request, app: panels.Panel("extra_panel.html", {"words": "first"}, order=1))

    response = hr_client.get(f"/hr/applications/{application.pk}/")

    assert response.context["panels"] == [
        "<section id='extra'>first</section>",
        "<section id='extra'>second</section>",
    ]
