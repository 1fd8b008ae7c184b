//! trycmd cases: whole command lines and the exact output they print (tests/cmd/*.toml).

#[test]
fn command_lines() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
