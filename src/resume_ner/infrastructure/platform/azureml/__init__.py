"""Azure ML builders on azure-ai-ml (imported lazily, optional extra): data assets so far."""

from resume_ner.infrastructure.platform.azureml.data_asset import (
    INSTALL_HINT,
    AzureMLNotInstalledError,
    build_data_asset,
    import_azure_ml,
    register_data_asset,
)

__all__ = [
    "INSTALL_HINT",
    "AzureMLNotInstalledError",
    "build_data_asset",
    "import_azure_ml",
    "register_data_asset",
]
