//! Operation model -> Rust source.
