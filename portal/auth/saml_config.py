"""Build djangosaml2's SAML_CONFIG from PORTAL_SAML_* environment values (imported by settings;
no Django imports here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def build_saml_config(
    *,
    base_url: str,
    entity_id: str,
    idp_metadata_file: str = "",
    idp_metadata_url: str = "",
    key_file: str = "",
    cert_file: str = "",
    xmlsec_binary: str = "/usr/bin/xmlsec1",
    attribute_map_dir: str = "",
) -> dict[str, Any]:
    """An OIOSAML 3 service provider: signed requests, signed and encrypted assertions, a
    persistent NameID, POST binding to the ACS under /borger/saml/acs/."""
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT  # noqa: PLC0415 (only when SAML is on)
    from saml2.saml import NAMEID_FORMAT_PERSISTENT  # noqa: PLC0415

    metadata: dict[str, Any] = {}
    if idp_metadata_file:
        metadata["local"] = [idp_metadata_file]
    if idp_metadata_url:
        metadata["remote"] = [{"url": idp_metadata_url}]
    config: dict[str, Any] = {
        "xmlsec_binary": xmlsec_binary,
        "entityid": entity_id,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Borgerportal",
                "name_id_format": NAMEID_FORMAT_PERSISTENT,
                "endpoints": {
                    "assertion_consumer_service": [(f"{base_url}/borger/saml/acs/", BINDING_HTTP_POST)],
                    "single_logout_service": [(f"{base_url}/borger/saml/ls/", BINDING_HTTP_REDIRECT)],
                },
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "required_attributes": [],
            }
        },
        "metadata": metadata,
        "debug": False,
        "key_file": key_file,
        "cert_file": cert_file,
        "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}] if key_file else [],
    }
    if attribute_map_dir and Path(attribute_map_dir).is_dir():
        config["attribute_map_dir"] = attribute_map_dir
    return config
