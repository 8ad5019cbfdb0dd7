package sbmlqual_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/ikklab/ikklab/format/bnet"
	"github.com/ikklab/ikklab/format/sbmlqual"
)

func ExampleRead() {
	net, err := sbmlqual.Read(strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
      xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true">
  <model id="tiny">
    <qual:listOfQualitativeSpecies>
      <qual:qualitativeSpecies qual:id="TNF" qual:maxLevel="1" qual:constant="true"/>
      <qual:qualitativeSpecies qual:id="RELA" qual:name="p65" qual:maxLevel="1" qual:constant="false"/>
    </qual:listOfQualitativeSpecies>
    <qual:listOfTransitions>
      <qual:transition qual:id="tr_RELA">
        <qual:listOfOutputs>
          <qual:output qual:qualitativeSpecies="RELA" qual:transitionEffect="assignmentLevel"/>
        </qual:listOfOutputs>
        <qual:listOfFunctionTerms>
          <qual:defaultTerm qual:resultLevel="0"/>
          <qual:functionTerm qual:resultLevel="1">
            <math xmlns="http://www.w3.org/1998/Math/MathML">
              <apply><and/>
                <apply><eq/><ci>TNF</ci><cn type="integer">1</cn></apply>
                <apply><eq/><ci>RELA</ci><cn type="integer">0</cn></apply>
              </apply>
            </math>
          </qual:functionTerm>
        </qual:listOfFunctionTerms>
      </qual:transition>
    </qual:listOfTransitions>
  </model>
</sbml>`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(net.Name)
	for _, nd := range net.Nodes {
		fmt.Println(nd.ID, nd.Kind, nd.Aliases, nd.Rule)
	}
	// Output:
	// tiny
	// TNF input [] <nil>
	// RELA gene [p65] TNF & !RELA
}

func ExampleReadFile() {
	net, err := sbmlqual.ReadFile("testdata/toy.sbml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, nd := range net.Nodes {
		fmt.Println(nd.ID, nd.Kind, nd.Rule)
	}
	// Output:
	// TNF input <nil>
	// RELA gene TNF & !NFKBIA
	// NFKBIA gene RELA
	// Survival phenotype RELA ^ !(TNF ^ NFKBIA)
}

// Converting a .bnet file to SBML-qual.
func ExampleWrite() {
	net, err := bnet.Read(strings.NewReader("CycD, CycD\nRb, !CycD\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sbmlqual.Write(os.Stdout, net); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1" xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true">
	//   <model>
	//     <listOfCompartments>
	//       <compartment id="default" constant="true"/>
	//     </listOfCompartments>
	//     <qual:listOfQualitativeSpecies>
	//       <qual:qualitativeSpecies qual:id="CycD" qual:compartment="default" qual:constant="false" qual:maxLevel="1"/>
	//       <qual:qualitativeSpecies qual:id="Rb" qual:compartment="default" qual:constant="false" qual:maxLevel="1"/>
	//     </qual:listOfQualitativeSpecies>
	//     <qual:listOfTransitions>
	//       <qual:transition qual:id="tr_Rb">
	//         <qual:listOfInputs>
	//           <qual:input qual:qualitativeSpecies="CycD" qual:transitionEffect="none" qual:sign="negative"/>
	//         </qual:listOfInputs>
	//         <qual:listOfOutputs>
	//           <qual:output qual:qualitativeSpecies="Rb" qual:transitionEffect="assignmentLevel"/>
	//         </qual:listOfOutputs>
	//         <qual:listOfFunctionTerms>
	//           <qual:defaultTerm qual:resultLevel="0"/>
	//           <qual:functionTerm qual:resultLevel="1">
	//             <math xmlns="http://www.w3.org/1998/Math/MathML">
	//               <apply><eq/><ci>CycD</ci><cn type="integer">0</cn></apply>
	//             </math>
	//           </qual:functionTerm>
	//         </qual:listOfFunctionTerms>
	//       </qual:transition>
	//     </qual:listOfTransitions>
	//   </model>
	// </sbml>
}
