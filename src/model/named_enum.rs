//! `named!`: an enum stored in files by its English name, typed by users in English or
//! Chinese, and listed in messages (complaint statuses, shipment statuses, vendor kinds...).

/// Declares an enum stored by name, with Chinese and other aliases accepted on input.
macro_rules! named {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal [$($alias:literal),*]),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Its position in [`Self::ALL`], as indexes store it.
            #[allow(dead_code)]
            pub fn code(self) -> u8 {
                self as u8
            }

            /// The value at a position in [`Self::ALL`]; the last one for a position past the end.
            #[allow(dead_code)]
            pub fn from_code(code: u8) -> Self {
                Self::ALL[usize::from(code).min(Self::ALL.len() - 1)]
            }

            fn aliases(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$($alias),*]),+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;

            /// Accepts the stored names in any case and the Chinese terms.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let text = text.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| text.eq_ignore_ascii_case(v.as_str()) || v.aliases().iter().any(|a| text.eq_ignore_ascii_case(a)))
                    .ok_or_else(|| {
                        let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                        let words = $name::ALL.iter().flat_map(|v| ::std::iter::once(v.as_str()).chain(v.aliases().iter().copied()));
                        let mut message = ::rust_i18n::t!("complaint.unknown", what = ::rust_i18n::t!($what), value = text, expected = names.join(", ")).into_owned();
                        message.push_str(&$crate::model::suggest::did_you_mean(text, words));
                        message
                    })
            }
        }
    };
}

pub(crate) use named;
