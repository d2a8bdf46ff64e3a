# Installs racelab as a CMake package: find_package(racelab CONFIG) gives racelab::harness,
# racelab::intercept and racelab_instrument().
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS racelab_harness EXPORT racelabTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS racelab_intercept EXPORT racelabTargets
        OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/racelab_intercept)
if(TARGET racelab_memory_hooks)
  install(TARGETS racelab_memory_hooks EXPORT racelabTargets
          OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/racelab_memory_hooks)
endif()
set(RACELAB_HAS_GTEST_MAIN OFF)
if(TARGET racelab_gtest_main)
  set(RACELAB_HAS_GTEST_MAIN ON)
  install(TARGETS racelab_gtest_main EXPORT racelabTargets
          OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/racelab_gtest_main)
endif()
# specimen.hpp belongs to racelab's own catalog, which is not installed.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/racelab
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        PATTERN "specimen.hpp" EXCLUDE)
install(EXPORT racelabTargets NAMESPACE racelab::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/racelab)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/racelabConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/racelabConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/racelab)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/racelabConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/racelabConfig.cmake
              ${PROJECT_SOURCE_DIR}/cmake/racelab_instrument.cmake
              ${PROJECT_BINARY_DIR}/racelabConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/racelab)
