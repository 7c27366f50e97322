"""The core: the KB and its annotations, the student files, the encoder and the engine that evaluates them."""

from .engine import Conclusion, Engine, EngineError, Evaluation, shared_engine
from .kb import KBError, KnowledgeBase, Rule, default_kb, load_kb
from .students import FactsError, Problem, Student, load_student, student_files, student_from_data
from .vocabulary import Predicate, public_predicates

__all__ = ["Conclusion", "Engine", "EngineError", "Evaluation", "FactsError", "KBError", "KnowledgeBase",
           "Predicate", "Problem", "Rule", "Student", "default_kb", "load_kb", "load_student",
           "public_predicates", "shared_engine", "student_files", "student_from_data"]
