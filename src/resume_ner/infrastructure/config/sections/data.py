"""Config of the datasets: sources, label mapping, validation, windows and splits."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from resume_ner.infrastructure.config.base import StrictModel

DataFormat = Literal["auto", "native", "dataturks", "doccano", "label_studio", "conll"]


class DataSourceConfig(StrictModel):
    """One annotated input file or folder."""

    path: str = Field(
        description="File or folder of annotations; 'bundled:demo' means the demo dataset "
        "shipped in the package."
    )
    format: DataFormat = Field("auto", description="Annotation format; auto detects it.")
    label_map: dict[str, str | None] = Field(
        default_factory=dict,
        description="Source label -> schema label for this source (null drops the label); "
        "applied before the dataset-level label_map.",
    )


class SplitConfig(StrictModel):
    """Document-level train/validation/test split."""

    train: float = Field(0.8, gt=0, lt=1, description="Fraction of documents for training.")
    validation: float = Field(0.1, ge=0, lt=1, description="Fraction for validation.")
    test: float = Field(0.1, ge=0, lt=1, description="Fraction for the held-out test set.")
    stratify: bool = Field(True, description="Stratify by the set of labels each document has.")

    @model_validator(mode="after")
    def _sums_to_one(self) -> SplitConfig:
        total = self.train + self.validation + self.test
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"train + validation + test must be 1.0, got {total:g}")
        return self


class DataConfig(StrictModel):
    """What data is read and how it becomes model inputs."""

    name: str = Field("demo", description="Dataset name, the {dataset} token.")
    sources: list[DataSourceConfig] = Field(
        default_factory=lambda: [DataSourceConfig(path="bundled:demo", format="native")],
        description="Input files; several are concatenated with de-duplication by text.",
    )
    label_preset: Literal["canonical", "dataturks", "reference", "none"] = Field(
        "canonical",
        description="Shipped label map onto the canonical resume schema applied after each "
        "source's label_map ('none' keeps source labels as they are).",
    )
    label_map: dict[str, str | None] = Field(
        default_factory=dict,
        description="Extra source label -> schema label mappings (null drops the label).",
    )
    labels: list[str] | None = Field(
        None,
        description="The label schema; empty means the canonical schema: NAME, EMAIL, PHONE, "
        "LOCATION, DESIGNATION, COMPANY, DEGREE, COLLEGE, GRADUATION_YEAR, "
        "YEARS_OF_EXPERIENCE, SKILLS.",
    )
    unknown_labels: Literal["drop", "error"] = Field(
        "drop", description="What to do with spans whose label is not in the schema."
    )
    overlap_policy: Literal["keep_longest", "keep_first", "error"] = Field(
        "keep_longest", description="How overlapping spans are resolved."
    )
    dedupe: bool = Field(True, description="Drop documents whose text duplicates another.")
    max_length: int = Field(256, ge=16, description="Tokens per window, special tokens included.")
    stride: int = Field(
        64, ge=0, description="Tokens shared by consecutive windows of a long document."
    )
    label_all_subtokens: bool = Field(
        False,
        description="Label every sub-token (B- then I-); off labels the first sub-token of each "
        "word and ignores the rest (-100).",
    )
    split: SplitConfig = Field(default_factory=SplitConfig, description="Document-level split.")
    seed: int = Field(42, description="Seed of the split and k-fold shuffles.")

    @model_validator(mode="after")
    def _stride_fits(self) -> DataConfig:
        content = self.max_length - 2  # room left after [CLS] and [SEP]
        if 2 * self.stride >= content:
            raise ValueError(
                f"stride ({self.stride}) must be less than half of the {content} content tokens "
                f"of a window (max_length {self.max_length} minus 2 special tokens)"
            )
        return self
